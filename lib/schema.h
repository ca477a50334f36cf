/* SPDX-License-Identifier: Apache-2.0 */
/* schema.h (internal) - the data model: schemas, properties, value checks, entity ids. */
#ifndef SANCTUM_LIB_SCHEMA_H
#define SANCTUM_LIB_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

/*
 * The classification levels (SANCTUM_LEVEL_OFFICIAL = 1, _SENSITIVE = 2,
 * _SECRET = 3) are public API and live in <sanctum/types.h>.
 */
#include <sanctum/types.h>

/*
 * Everything declared here is static, read-only data or a pure function of
 * its arguments: safe to call from any number of threads at once. The only
 * exception is the per-thread error detail set on failure (lib/errors.h).
 * See docs/schemas.md for the full table and the reasoning behind levels.
 */

/* Property value types. Each one has its own check and normalisation in
 * sanctum__value_check(); docs/schemas.md lists the accepted formats. */
typedef enum sanctum__ptype {
    SANCTUM__PT_NAME = 1,   /* a name of a person, company, vessel ...: one line, <= 1024 B */
    SANCTUM__PT_STRING,     /* any short one-line text, <= 1024 B */
    SANCTUM__PT_TEXT,       /* long text, newlines and tabs allowed, <= 64 KiB */
    SANCTUM__PT_DATE,       /* partial ISO 8601: YYYY[-MM[-DD[THH:MM[:SS]]]] */
    SANCTUM__PT_COUNTRY,    /* ISO 3166-1 alpha-2 (+ a few extras), lower case */
    SANCTUM__PT_ENTITY,     /* reference to another entity: a sanctum id */
    SANCTUM__PT_IDENTIFIER, /* document/register number, one line, <= 256 B */
    SANCTUM__PT_EMAIL,      /* local@domain, <= 254 B */
    SANCTUM__PT_PHONE,      /* printable ASCII with >= 3 digits, <= 256 B */
    SANCTUM__PT_URL,        /* http:// https:// ftp:// URL, <= 2048 B */
    SANCTUM__PT_NUMBER,     /* decimal: [+-]digits[.digits] */
    SANCTUM__PT_ENUM,       /* exactly one of prop->enum_values */
    SANCTUM__PT_GENDER,     /* male / female / other, case-insensitive */
    SANCTUM__PT_TOPIC,      /* FtM topic tag, e.g. "sanction", "role.pep" */
    SANCTUM__PT_LANGUAGE    /* ISO 639-1/-2/-3 code (2-3 letters), lower case */
} sanctum__ptype;

#define SANCTUM__PT_COUNT 15

/* Property flags (sanctum__prop.flags). */
#define SANCTUM__PF_SEARCHABLE_NAME 0x0001u /* blind-indexed full name (name, alias, previousName) */
#define SANCTUM__PF_WEAK_NAME       0x0002u /* name too generic to screen on alone (weakAlias) */
#define SANCTUM__PF_SEARCHABLE_ID   0x0004u /* blind-indexed identifier (passport, register no.) */
#define SANCTUM__PF_READONLY        0x0008u /* not settable by normal edits (Case.status) */
#define SANCTUM__PF_MULTI           0x0010u /* may hold several values */
#define SANCTUM__PF_CAPTION         0x0020u /* listed in the schema's caption (see below) */
#define SANCTUM__PF_NAME_PART       0x0040u /* part of a person's name (firstName, lastName ...) */

/* Longest value accepted per type family, in bytes, after trimming. */
#define SANCTUM__VALUE_MAX      1024u   /* name, string */
#define SANCTUM__TEXT_MAX       65536u  /* text */
#define SANCTUM__IDENT_MAX      256u    /* identifier, phone */
#define SANCTUM__URL_MAX        2048u   /* url */
#define SANCTUM__EMAIL_MAX      254u    /* email */
#define SANCTUM__FOREIGN_ID_MAX 200u    /* foreign entity ids (FtM) accepted on import */

/* One property of a schema. */
typedef struct sanctum__prop {
    const char *name;               /* FollowTheMoney name, camelCase */
    sanctum__ptype type;            /* value type */
    uint8_t level;                  /* default classification (SANCTUM_LEVEL_*) */
    uint16_t flags;                 /* SANCTUM__PF_* */
    const char *const *enum_values; /* NULL-terminated members for ENUM/GENDER, else NULL */
    const char *range;              /* ENTITY: schema the target must be (a hint), else NULL */
} sanctum__prop;

/* One schema (entity type). */
typedef struct sanctum__schema {
    const char *name;               /* "Person" */
    const char *prefix;             /* id prefix, three upper-case letters: "PER" */
    const char *label;              /* human label: "Person" */
    int is_link;                    /* 1 for relationship records (Ownership ...) */
    const sanctum__prop *const *props; /* nprops properties, unique names */
    size_t nprops;
    /* Properties giving the entity's display caption, in order of
     * preference, NULL-terminated: the caption is the first readable value
     * of the first of these that has one (FollowTheMoney semantics). */
    const char *const *caption;
    /* Names of the schemas this one is a kind of (FtM "extends", flattened;
     * may name abstract schemas such as Thing, Asset, Interval), NULL-terminated. */
    const char *const *extends;
} sanctum__schema;

/* The table itself (schema_table.c): sanctum__schema_count() entries. */
extern const sanctum__schema *const sanctum__schema_table[];
extern const size_t sanctum__schema_table_len;

/* Schema by exact, case-sensitive name; NULL if unknown. */
const sanctum__schema *sanctum__schema_find(const char *name);

/* Schema by id prefix ("PER"; exact, upper case); NULL if unknown. */
const sanctum__schema *sanctum__schema_by_prefix(const char *prefix);

/* Number of schemas, and schema i (NULL when i >= count). */
size_t sanctum__schema_count(void);
const sanctum__schema *sanctum__schema_at(size_t i);

/* Property `prop` of `s` (exact, case-sensitive); NULL if s has no such property. */
const sanctum__prop *sanctum__schema_prop(const sanctum__schema *s, const char *prop);

/* 1 if `s` is schema `name` or a kind of it (Company is an Organization,
 * a LegalEntity, an Asset and a Thing), else 0. `name` may be abstract. */
int sanctum__schema_is_a(const sanctum__schema *s, const char *name);

/* Static type name ("name", "date", ...); "unknown" for a bad value. */
const char *sanctum__ptype_name(sanctum__ptype type);

/* Flags for sanctum__value_check_ex(). */
#define SANCTUM__VC_FOREIGN_REF 0x1u /* ENTITY: also accept a foreign (FtM) id, kept as is,
                                      * for the importer to map to a sanctum id */

/*
 * Check and normalise `value` (len bytes, need not be NUL-terminated) for
 * property p of schema s (s may be NULL; it only names the schema in errors).
 * On success writes the normalised value, NUL-terminated, to out and returns
 * 0. The normalised value is never longer than the input, so cap >= len + 1
 * always suffices; out may be the same buffer as value.
 * Every type: surrounding white space is trimmed (Unicode White_Space, and
 * U+200B/U+FEFF); empty values, NUL bytes, invalid UTF-8, control characters
 * (C0 other than \n and \t in TEXT, DEL, C1) and over-long values are refused.
 * On failure returns SANCTUM_EINVAL with a detail such as
 * "Person.birthDate: not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or
 * YYYY-MM-DDTHH:MM[:SS])"; the detail never contains the value. out is then
 * left holding an empty string (when cap > 0).
 * Does not enforce SANCTUM__PF_READONLY: that is the caller's policy.
 */
int sanctum__value_check(const sanctum__schema *s, const sanctum__prop *p,
                         const char *value, size_t len, char *out, size_t cap);

/* As sanctum__value_check(), with SANCTUM__VC_* flags. */
int sanctum__value_check_ex(const sanctum__schema *s, const sanctum__prop *p,
                            const char *value, size_t len, char *out, size_t cap,
                            unsigned int flags);

/* 1 if s[0..len) is a valid date in the form sanctum__value_check() stores
 * (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS; year
 * 0001-9999, real calendar with leap years), else 0. No trimming. */
int sanctum__date_valid(const char *s, size_t len);

/* 1 if s[0..len) is a known country code, compared case-insensitively
 * (so "AL" and "al" both pass; sanctum__value_check stores lower case), else 0.
 * Known: the 249 ISO 3166-1 alpha-2 codes plus the extras in country.c. */
int sanctum__country_valid(const char *s, size_t len);

/* Number of known country codes, and code i (lower case; NULL past the end). */
size_t sanctum__country_count(void);
const char *sanctum__country_at(size_t i);

/* "official", "sensitive", "secret"; NULL for any other level. */
const char *sanctum__level_name(int level);

/* Level for a name (case-insensitive); SANCTUM_EINVAL if unknown. */
int sanctum__level_parse(const char *name);

/*
 * Entity ids: "<PREFIX>-XXXX-XXXX", PREFIX the schema's three letters and
 * X eight Crockford base32 digits (0-9 A-Z without I L O U) = 40 random bits.
 */
#define SANCTUM__ID_LEN 13                   /* strlen("PER-7K3M-Q9XD") */
#define SANCTUM__ID_MAX (SANCTUM__ID_LEN + 1) /* with the NUL */

/*
 * Ids for the new entities of one write, next to each other: the 40 bits
 * are a random 20-bit block and, within it, consecutive numbers from a
 * random start. Every table keyed by id then takes a batch's records in
 * one stretch of pages instead of one page per record (a batch of 4,096
 * into a store of 100,000 wrote 4,096 scattered pages per table). A
 * sequence of one id is 40 random bits. Ids
 * reveal which entities were created together and in what order, which
 * the audit trail records anyway; not how many entities a store holds.
 */
typedef struct sanctum__id_seq {
    uint64_t next;   /* the next 40-bit number */
    uint32_t left;   /* numbers left in the block from `next` */
    uint32_t span;   /* numbers taken per block */
} sanctum__id_seq;

/* A sequence for about n ids (spans of at most 65,536 per block). */
void sanctum__id_seq_init(sanctum__id_seq *q, size_t n);

/* Move the next id to a fresh random block (after an id was found taken). */
void sanctum__id_seq_skip(sanctum__id_seq *q);

/* The next id of the sequence for schema s to out (NUL-terminated): 0,
 * SANCTUM_EINVAL if s has no id prefix, or SANCTUM_ERROR if libsodium
 * cannot be initialised. */
int sanctum__id_seq_next(sanctum__id_seq *q, char out[SANCTUM__ID_MAX], const sanctum__schema *s);

/* 1 if id is a canonical sanctum id (known prefix, upper case, no I L O U), else 0. */
int sanctum__id_valid(const char *id);

/* Parse an id leniently: case-insensitive; O reads as 0, I and L as 1.
 * Writes the canonical upper-case form to out and returns 0, or returns
 * SANCTUM_EINVAL (detail never echoes the input). */
int sanctum__id_parse(char out[SANCTUM__ID_MAX], const char *s, size_t len);

/* Schema named by a canonical id's prefix; NULL if id is not valid. */
const sanctum__schema *sanctum__id_schema(const char *id);

#endif
