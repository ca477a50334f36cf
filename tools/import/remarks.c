/* SPDX-License-Identifier: Apache-2.0 */
/* remarks.c - properties from the free-text Remarks of the OFAC SDN list ("DOB ...; POB ..."). */
#include "imp.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* How a clause's value is read. */
enum clause_kind {
    K_DATES,    /* one or more dates (DOB) */
    K_DATE,     /* a date */
    K_PLACE,    /* a place; its last part may name a country */
    K_COUNTRY,  /* a country name */
    K_ID,       /* an identifier, without "(Country)", "issued ...", "expires ..." */
    K_IMO,      /* an IMO number: kept as "IMO" + digits */
    K_GENDER,   /* Male / Female */
    K_URL,      /* a web site; "www." gets "http://" */
    K_TEXT      /* the text as it is */
};

/* One recognised clause. Properties the schema lacks are skipped. */
typedef struct clause_rule {
    const char *label;  /* clause start; the value follows a space or ": " */
    int         kind;
    const char *person; /* property on a Person, or NULL */
    const char *other;  /* property on other schemas, or NULL */
} clause_rule;

/* Longer labels come before their prefixes ("... IMO" before "..."). */
static const clause_rule rules[] = {
    { "DOB", K_DATES, "birthDate", NULL },
    { "POB", K_PLACE, "birthPlace", NULL },
    { "nationality", K_COUNTRY, "nationality", NULL },
    { "citizen", K_COUNTRY, "citizenship", NULL },
    { "Gender", K_GENDER, "gender", NULL },
    { "Passport", K_ID, "passportNumber", NULL },
    { "SSN", K_ID, "socialSecurityNumber", NULL },
    { "Cedula No.", K_ID, "idNumber", "idNumber" },
    { "National ID No.", K_ID, "idNumber", "idNumber" },
    { "D.N.I.", K_ID, "idNumber", "idNumber" },
    { "C.U.R.P.", K_ID, "idNumber", "idNumber" },
    { "Electoral Registry No.", K_ID, "idNumber", NULL },
    { "Credencial electoral", K_ID, "idNumber", NULL },
    { "Driver's License No.", K_ID, "idNumber", NULL },
    { "Identification Number IMO", K_IMO, NULL, "imoNumber" },
    { "Company Number IMO", K_ID, NULL, NULL },
    { "Identification Number", K_ID, "idNumber", "idNumber" },
    { "Tax ID No.", K_ID, "taxNumber", "taxNumber" },
    { "R.F.C.", K_ID, "taxNumber", "taxNumber" },
    { "NIT #", K_ID, "taxNumber", "taxNumber" },
    { "RUC #", K_ID, "taxNumber", "taxNumber" },
    { "Italian Fiscal Code", K_ID, "taxNumber", "taxNumber" },
    { "V.A.T. Number", K_ID, "vatCode", "vatCode" },
    { "Registration Number", K_ID, "idNumber", "registrationNumber" },
    { "Registration ID", K_ID, "idNumber", "registrationNumber" },
    { "Company Number", K_ID, NULL, "registrationNumber" },
    { "Commercial Registry Number", K_ID, NULL, "registrationNumber" },
    { "Business Registration Number", K_ID, NULL, "registrationNumber" },
    { "C.R. No.", K_ID, NULL, "registrationNumber" },
    { "Folio Mercantil No.", K_ID, NULL, "registrationNumber" },
    { "Matricula Mercantil No", K_ID, NULL, "registrationNumber" },
    { "Trade License No.", K_ID, NULL, "registrationNumber" },
    { "D-U-N-S Number", K_ID, NULL, "dunsCode" },
    { "SWIFT/BIC", K_ID, NULL, "swiftBic" },
    { "Vessel Registration Identification", K_IMO, NULL, "imoNumber" },
    { "MMSI", K_ID, NULL, "mmsi" },
    { "Former Vessel Flag", K_COUNTRY, NULL, "pastFlags" },
    { "Aircraft Manufacturer's Serial Number (MSN)", K_ID, NULL, "serialNumber" },
    { "Aircraft Model", K_TEXT, NULL, "model" },
    { "Aircraft Manufacture Date", K_DATE, NULL, "buildDate" },
    { "Aircraft Tail Number", K_ID, NULL, "registrationNumber" },
    { "Organization Established Date", K_DATE, NULL, "incorporationDate" },
    { "Organization Type", K_TEXT, NULL, "sector" },
    { "Website", K_URL, "website", "website" },
    { "Email Address", K_TEXT, "email", "email" },
    { "Phone Number", K_TEXT, "phone", "phone" },
    { "Telephone No.", K_TEXT, "phone", "phone" },
    { "Telephone", K_TEXT, "phone", "phone" },
};

/* The identifier part of a value: up to " (", " issued", " expire". In place. */
static char *
id_part(char *v)
{
    static const char *const stops[] = { " (", " issued", " expire", " valid", NULL };
    size_t i;
    char *p;

    while (*v == ':' || *v == '#' || *v == ' ')
        v++;
    for (i = 0; stops[i] != NULL; i++)
        if ((p = strstr(v, stops[i])) != NULL)
            *p = '\0';
    return imp_trim(v);
}

static int
add_dates(imp_row *row, const char *prop, const char *v, int many)
{
    imp_dates dates;
    size_t i;
    int rc;

    if (imp_date_ofac(&dates, v) != 0)
        return 0;
    for (i = 0; i < dates.n && (many || i == 0); i++)
        if ((rc = imp_row_soft(row, prop, dates.v[i])) != 0)
            return rc;
    return 0;
}

/* Apply one clause (value `v`, modifiable) by rule `r`. 0 or an exit code. */
static int
apply(imp_row *row, const clause_rule *r, char *v)
{
    const char *prop = strcmp(row->schema, "Person") == 0 ? r->person : r->other;
    const char *code, *comma;
    char buf[64];
    int rc = 0;

    if (prop == NULL || *v == '\0')
        return 0;
    switch (r->kind) {
    case K_DATES:
    case K_DATE:
        return add_dates(row, prop, v, r->kind == K_DATES);
    case K_PLACE:
        rc = imp_row_soft(row, prop, v);
        comma = strrchr(v, ',');
        code = imp_country_loose(comma != NULL ? comma + 1 : v);
        if (rc == 0 && code != NULL)
            rc = imp_row_soft(row, "birthCountry", code);
        break;
    case K_COUNTRY:
        if ((code = imp_country_loose(v)) != NULL)
            rc = imp_row_soft(row, prop, code);
        break;
    case K_ID:
        v = id_part(v);
        if (*v != '\0')
            rc = imp_row_soft(row, prop, v);
        break;
    case K_IMO:
        v = id_part(v);
        if (imp_prefix(v, "IMO"))
            v += 3;
        v = imp_trim(v);
        if (*v != '\0' && strspn(v, "0123456789") == strlen(v) && strlen(v) < 20) {
            snprintf(buf, sizeof buf, "IMO%s", v);
            rc = imp_row_soft(row, prop, buf);
        }
        break;
    case K_GENDER:
        if (imp_prefix(v, "male") && v[4] == '\0')
            rc = imp_row_soft(row, prop, "male");
        else if (imp_prefix(v, "female") && v[6] == '\0')
            rc = imp_row_soft(row, prop, "female");
        break;
    case K_URL:
        if (imp_prefix(v, "www.")) {
            imp_buf url = IMP_BUF_INIT;

            if (imp_buf_adds(&url, "http://") != 0 || imp_buf_adds(&url, v) != 0) {
                imp_buf_free(&url);
                tool_error("out of memory");
                return TOOL_EXIT_FAIL;
            }
            rc = imp_row_soft(row, prop, url.p);
            imp_buf_free(&url);
        } else {
            rc = imp_row_soft(row, prop, v);
        }
        break;
    default:
        rc = imp_row_soft(row, prop, v);
        break;
    }
    return rc;
}

/* Handle one clause (modifiable, trimmed). */
static int
clause(imp_row *row, char *c)
{
    size_t i, n;

    if (imp_prefix(c, "alt. "))
        c = imp_trim(c + 5);
    for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        n = strlen(rules[i].label);
        if (strncmp(c, rules[i].label, n) != 0 || (c[n] != ' ' && c[n] != ':'))
            continue;
        c += n;
        if (*c == ':')
            c++;
        return apply(row, &rules[i], imp_trim(c));
    }
    return 0; /* not recognised: the text stays in notes */
}

int
imp_ofac_remarks(imp_row *row, const char *remarks)
{
    char *copy = strdup(remarks), *c, *next;
    size_t n;
    int rc = 0;

    if (copy == NULL) {
        tool_error("out of memory");
        return TOOL_EXIT_FAIL;
    }
    n = strlen(copy);
    if (n > 0 && copy[n - 1] == '.')
        copy[n - 1] = '\0';
    for (c = copy; c != NULL && rc == 0; c = next) {
        next = strchr(c, ';');
        if (next != NULL)
            *next++ = '\0';
        rc = clause(row, imp_trim(c));
    }
    sanctum_wipe(copy, n);
    free(copy);
    return rc;
}
