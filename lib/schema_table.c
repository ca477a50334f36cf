/* SPDX-License-Identifier: Apache-2.0 */
/* schema_table.c - the schemas and properties sanctum stores (FollowTheMoney names). */
#include "schema.h"

/*
 * The table follows FollowTheMoney (FtM) schema and property names so that
 * FtM JSON imports and exports map one to one. Each property object is
 * defined once and shared by the schemas that inherit it in FtM; where a
 * property needs a different default level in some schemas (a tax number is
 * public for a company, personal data for a person) it has a second object.
 * docs/schemas.md is the human-readable copy of this file, and a test keeps
 * the two in step.
 */

#define O SANCTUM_LEVEL_OFFICIAL
#define S SANCTUM_LEVEL_SENSITIVE
#define X SANCTUM_LEVEL_SECRET

#define M  SANCTUM__PF_MULTI
#define SN SANCTUM__PF_SEARCHABLE_NAME
#define WN SANCTUM__PF_WEAK_NAME
#define SI SANCTUM__PF_SEARCHABLE_ID
#define RO SANCTUM__PF_READONLY
#define CP SANCTUM__PF_CAPTION
#define NP SANCTUM__PF_NAME_PART

#define PROP(var, nm, ty, lv, fl) \
    static const sanctum__prop var = { nm, SANCTUM__PT_##ty, lv, fl, NULL, NULL }
#define REF(var, nm, lv, fl, rg) \
    static const sanctum__prop var = { nm, SANCTUM__PT_ENTITY, lv, fl, NULL, rg }
#define LIST(var, nm, ty, lv, fl, vals) \
    static const sanctum__prop var = { nm, SANCTUM__PT_##ty, lv, fl, vals, NULL }

/* ------------------------------------------------------------ enumerations */

static const char *const gender_values[] = { "male", "female", "other", NULL };

/* Part a subject plays in a network under investigation (case-side). */
static const char *const role_values[] = {
    "organiser", "transporter", "forger", "supplier", "money-mover",
    "recruiter", "safe-house", "official", "other-enabler", NULL
};

/* Case lifecycle; changed only through the status-change operation. */
static const char *const case_status_values[] = {
    "lead", "investigating", "proposed", "designated", "varied", "revoked",
    "closed", NULL
};

static const char *const measure_values[] = {
    "asset-freeze", "travel-ban", "trust-services-ban",
    "director-disqualification", NULL
};

static const char *const level_values[] = {
    "official", "sensitive", "secret", NULL
};

/* ------------------------------------------------------------ common: every schema */

PROP(p_notes,        "notes",        TEXT,       S, M);
PROP(p_summary,      "summary",      TEXT,       O, M);
PROP(p_description,  "description",  TEXT,       S, M);
PROP(p_sourceUrl,    "sourceUrl",    URL,        O, M);
PROP(p_publisher,    "publisher",    STRING,     O, M);
PROP(p_publisherUrl, "publisherUrl", URL,        O, M);
PROP(p_retrievedAt,  "retrievedAt",  DATE,       O, M);
PROP(p_modifiedAt,   "modifiedAt",   DATE,       O, M);
PROP(p_createdAt,    "createdAt",    DATE,       O, M);
PROP(p_topics,       "topics",       TOPIC,      O, M);
PROP(p_keywords,     "keywords",     STRING,     O, M);
PROP(p_sourceList,   "sourceList",   STRING,     O, M);
PROP(p_sourceId,     "sourceId",     IDENTIFIER, O, M | SI);
PROP(p_sourceDate,   "sourceDate",   DATE,       O, M);
PROP(p_program,      "program",      STRING,     O, M);
PROP(p_programId,    "programId",    IDENTIFIER, O, M);

#define COMMON_BASE \
    &p_notes, &p_summary, &p_description, &p_sourceUrl, &p_publisher, \
    &p_publisherUrl, &p_retrievedAt, &p_modifiedAt, &p_createdAt, &p_topics, \
    &p_keywords, &p_sourceList, &p_sourceId, &p_sourceDate
#define COMMON COMMON_BASE, &p_program, &p_programId

/* ------------------------------------------------------------ Interval (dated records) */

PROP(p_startDate, "startDate", DATE,       O, M);
PROP(p_endDate,   "endDate",   DATE,       O, M);
PROP(p_date,      "date",      DATE,       O, M);
PROP(p_recordId,  "recordId",  IDENTIFIER, O, M);

#define INTERVAL &p_startDate, &p_endDate, &p_date, &p_recordId

/* Interest: the links that carry a role. */
PROP(p_linkRole,   "role",   STRING, O, M | CP);
PROP(p_linkStatus, "status", STRING, O, M);

#define INTEREST &p_linkRole, &p_linkStatus

/* ------------------------------------------------------------ Thing */

PROP(p_name,          "name",          NAME,       O, M | SN | CP);
PROP(p_alias,         "alias",         NAME,       O, M | SN);
PROP(p_weakAlias,     "weakAlias",     NAME,       O, M | WN);
PROP(p_previousName,  "previousName",  NAME,       O, M | SN);
PROP(p_country,       "country",       COUNTRY,    O, M);
PROP(p_address,       "address",       STRING,     S, M);
REF(p_addressEntity,  "addressEntity",             S, M, "Address");
PROP(p_wikidataId,    "wikidataId",    IDENTIFIER, O, M);
PROP(p_wikipediaUrl,  "wikipediaUrl",  URL,        O, M);

#define THING \
    &p_name, &p_alias, &p_weakAlias, &p_previousName, &p_country, &p_address, \
    &p_addressEntity, &p_wikidataId, &p_wikipediaUrl

/* ------------------------------------------------------------ LegalEntity */

PROP(p_email,             "email",             EMAIL,      S, M);
PROP(p_phone,             "phone",             PHONE,      S, M);
PROP(p_website,           "website",           URL,        O, M);
PROP(p_legalForm,         "legalForm",         STRING,     O, M);
PROP(p_incorporationDate, "incorporationDate", DATE,       O, M);
PROP(p_dissolutionDate,   "dissolutionDate",   DATE,       O, M);
PROP(p_status,            "status",            STRING,     O, M);
PROP(p_sector,            "sector",            STRING,     O, M);
PROP(p_classification,    "classification",    STRING,     O, M);
PROP(p_taxStatus,         "taxStatus",         STRING,     O, M);
PROP(p_jurisdiction,      "jurisdiction",      COUNTRY,    O, M);
PROP(p_mainCountry,       "mainCountry",       COUNTRY,    O, M);
PROP(p_opencorporatesUrl, "opencorporatesUrl", URL,        O, M);
PROP(p_icijId,            "icijId",            IDENTIFIER, O, M);
PROP(p_idNumber,          "idNumber",          IDENTIFIER, S, M | SI);
LIST(p_role,              "role",              ENUM,       S, M, role_values);

#define LEGAL \
    &p_email, &p_phone, &p_website, &p_legalForm, &p_incorporationDate, \
    &p_dissolutionDate, &p_status, &p_sector, &p_classification, &p_taxStatus, \
    &p_jurisdiction, &p_mainCountry, &p_opencorporatesUrl, &p_icijId, \
    &p_idNumber, &p_role

/* Register and tax identifiers: public facts for an organisation ... */
PROP(p_org_registrationNumber, "registrationNumber", IDENTIFIER, O, M | SI);
PROP(p_org_taxNumber,          "taxNumber",          IDENTIFIER, O, M | SI);
PROP(p_org_vatCode,            "vatCode",            IDENTIFIER, O, M | SI);
PROP(p_org_licenseNumber,      "licenseNumber",      IDENTIFIER, O, M);
PROP(p_org_innCode,            "innCode",            IDENTIFIER, O, M | SI);
PROP(p_org_ogrnCode,           "ogrnCode",           IDENTIFIER, O, M | SI);
PROP(p_org_leiCode,            "leiCode",            IDENTIFIER, O, M | SI);
PROP(p_org_swiftBic,           "swiftBic",           IDENTIFIER, O, M | SI);
PROP(p_org_okpoCode,           "okpoCode",           IDENTIFIER, O, M | SI);
PROP(p_org_dunsCode,           "dunsCode",           IDENTIFIER, O, M | SI);
PROP(p_org_uniqueEntityId,     "uniqueEntityId",     IDENTIFIER, O, M | SI);
PROP(p_org_npiCode,            "npiCode",            IDENTIFIER, O, M);
PROP(p_org_uscCode,            "uscCode",            IDENTIFIER, O, M | SI);
PROP(p_org_bvdId,              "bvdId",              IDENTIFIER, O, M | SI);

#define LEGAL_ORG_IDS \
    &p_org_registrationNumber, &p_org_taxNumber, &p_org_vatCode, \
    &p_org_licenseNumber, &p_org_innCode, &p_org_ogrnCode, &p_org_leiCode, \
    &p_org_swiftBic, &p_org_okpoCode, &p_org_dunsCode, &p_org_uniqueEntityId, \
    &p_org_npiCode, &p_org_uscCode, &p_org_bvdId

/* ... and personal data for a person (or an entity that may be one). */
PROP(p_per_registrationNumber, "registrationNumber", IDENTIFIER, S, M | SI);
PROP(p_per_taxNumber,          "taxNumber",          IDENTIFIER, S, M | SI);
PROP(p_per_vatCode,            "vatCode",            IDENTIFIER, S, M | SI);
PROP(p_per_licenseNumber,      "licenseNumber",      IDENTIFIER, S, M);
PROP(p_per_innCode,            "innCode",            IDENTIFIER, S, M | SI);
PROP(p_per_ogrnCode,           "ogrnCode",           IDENTIFIER, S, M | SI);
PROP(p_per_leiCode,            "leiCode",            IDENTIFIER, S, M | SI);
PROP(p_per_swiftBic,           "swiftBic",           IDENTIFIER, S, M | SI);
PROP(p_per_okpoCode,           "okpoCode",           IDENTIFIER, S, M | SI);
PROP(p_per_dunsCode,           "dunsCode",           IDENTIFIER, S, M | SI);
PROP(p_per_uniqueEntityId,     "uniqueEntityId",     IDENTIFIER, S, M | SI);
PROP(p_per_npiCode,            "npiCode",            IDENTIFIER, S, M);
PROP(p_per_uscCode,            "uscCode",            IDENTIFIER, S, M | SI);
PROP(p_per_bvdId,              "bvdId",              IDENTIFIER, S, M | SI);

#define LEGAL_PERSON_IDS \
    &p_per_registrationNumber, &p_per_taxNumber, &p_per_vatCode, \
    &p_per_licenseNumber, &p_per_innCode, &p_per_ogrnCode, &p_per_leiCode, \
    &p_per_swiftBic, &p_per_okpoCode, &p_per_dunsCode, &p_per_uniqueEntityId, \
    &p_per_npiCode, &p_per_uscCode, &p_per_bvdId

/* ------------------------------------------------------------ Person */

PROP(p_title,                "title",                STRING,     O, M);
PROP(p_firstName,            "firstName",            STRING,     O, M | NP);
PROP(p_secondName,           "secondName",           STRING,     O, M | NP);
PROP(p_middleName,           "middleName",           STRING,     O, M | NP);
PROP(p_fatherName,           "fatherName",           STRING,     O, M | NP);
PROP(p_motherName,           "motherName",           STRING,     O, M | NP);
PROP(p_lastName,             "lastName",             STRING,     O, M | NP | CP);
PROP(p_nameSuffix,           "nameSuffix",           STRING,     O, M | NP);
LIST(p_gender,               "gender",               GENDER,     O, M, gender_values);
PROP(p_birthDate,            "birthDate",            DATE,       O, M);
PROP(p_birthPlace,           "birthPlace",           STRING,     S, M);
PROP(p_birthCountry,         "birthCountry",         COUNTRY,    O, M);
PROP(p_deathDate,            "deathDate",            DATE,       O, M);
PROP(p_nationality,          "nationality",          COUNTRY,    O, M);
PROP(p_citizenship,          "citizenship",          COUNTRY,    O, M);
PROP(p_passportNumber,       "passportNumber",       IDENTIFIER, S, M | SI);
PROP(p_socialSecurityNumber, "socialSecurityNumber", IDENTIFIER, S, M | SI);
PROP(p_position,             "position",             STRING,     O, M);
PROP(p_profession,           "profession",           STRING,     O, M);
PROP(p_education,            "education",            STRING,     O, M);
PROP(p_spokenLanguage,       "spokenLanguage",       LANGUAGE,   O, M);
PROP(p_political,            "political",            STRING,     S, M);
PROP(p_religion,             "religion",             STRING,     S, M);
PROP(p_ethnicity,            "ethnicity",            STRING,     S, M);
PROP(p_appearance,           "appearance",           STRING,     S, M);
PROP(p_height,               "height",               NUMBER,     S, M);
PROP(p_weight,               "weight",               NUMBER,     S, M);
PROP(p_eyeColor,             "eyeColor",             STRING,     S, M);
PROP(p_hairColor,            "hairColor",            STRING,     S, M);

static const sanctum__prop *const person_props[] = {
    COMMON, THING, LEGAL, LEGAL_PERSON_IDS,
    &p_title, &p_firstName, &p_secondName, &p_middleName, &p_fatherName,
    &p_motherName, &p_lastName, &p_nameSuffix, &p_gender, &p_birthDate,
    &p_birthPlace, &p_birthCountry, &p_deathDate, &p_nationality,
    &p_citizenship, &p_passportNumber, &p_socialSecurityNumber, &p_position,
    &p_profession, &p_education, &p_spokenLanguage, &p_political, &p_religion,
    &p_ethnicity, &p_appearance, &p_height, &p_weight, &p_eyeColor,
    &p_hairColor
};

/* ------------------------------------------------------------ LegalEntity, Organization, Company */

PROP(p_abbreviation, "abbreviation", NAME,       O, M | WN);
PROP(p_cageCode,     "cageCode",     IDENTIFIER, O, M);
PROP(p_permId,       "permId",       IDENTIFIER, O, M | SI);
PROP(p_org_imoNumber, "imoNumber",   IDENTIFIER, O, M | SI);
PROP(p_giiNumber,    "giiNumber",    IDENTIFIER, O, M);

#define ORG &p_abbreviation, &p_cageCode, &p_permId, &p_org_imoNumber, &p_giiNumber

static const sanctum__prop *const legal_entity_props[] = {
    COMMON, THING, LEGAL, LEGAL_PERSON_IDS, &p_abbreviation
};

static const sanctum__prop *const organization_props[] = {
    COMMON, THING, LEGAL, LEGAL_ORG_IDS, ORG
};

PROP(p_capital,   "capital",   STRING,     O, M);
PROP(p_voenCode,  "voenCode",  IDENTIFIER, O, M | SI);
PROP(p_coatoCode, "coatoCode", IDENTIFIER, O, M);
PROP(p_irsCode,   "irsCode",   IDENTIFIER, O, M | SI);
PROP(p_ipoCode,   "ipoCode",   IDENTIFIER, O, M);
PROP(p_cikCode,   "cikCode",   IDENTIFIER, O, M | SI);
PROP(p_jibCode,   "jibCode",   IDENTIFIER, O, M | SI);
PROP(p_mbsCode,   "mbsCode",   IDENTIFIER, O, M);
PROP(p_caemCode,  "caemCode",  STRING,     O, M);
PROP(p_kppCode,   "kppCode",   IDENTIFIER, O, M);
PROP(p_okvedCode, "okvedCode", STRING,     O, M);
PROP(p_okopfCode, "okopfCode", STRING,     O, M);
PROP(p_fnsCode,   "fnsCode",   IDENTIFIER, O, M);
PROP(p_fssCode,   "fssCode",   STRING,     O, M);
PROP(p_bikCode,   "bikCode",   IDENTIFIER, O, M | SI);
PROP(p_pfrNumber, "pfrNumber", IDENTIFIER, O, M);
PROP(p_oksmCode,  "oksmCode",  STRING,     O, M);
PROP(p_isinCode,  "isinCode",  IDENTIFIER, O, M | SI);
PROP(p_ticker,    "ticker",    IDENTIFIER, O, M);
PROP(p_ricCode,   "ricCode",   IDENTIFIER, O, M);

static const sanctum__prop *const company_props[] = {
    COMMON, THING, LEGAL, LEGAL_ORG_IDS, ORG,
    &p_capital, &p_voenCode, &p_coatoCode, &p_irsCode, &p_ipoCode, &p_cikCode,
    &p_jibCode, &p_mbsCode, &p_caemCode, &p_kppCode, &p_okvedCode,
    &p_okopfCode, &p_fnsCode, &p_fssCode, &p_bikCode, &p_pfrNumber,
    &p_oksmCode, &p_isinCode, &p_ticker, &p_ricCode
};

/* ------------------------------------------------------------ Vehicle, Vessel, Airplane */

PROP(p_veh_registrationNumber, "registrationNumber", IDENTIFIER, O, M | SI | CP);
PROP(p_type,                   "type",               STRING,     O, M);
PROP(p_model,                  "model",              STRING,     O, M);
REF(p_owner,                   "owner",                          O, M, "LegalEntity");
REF(p_operator,                "operator",                       O, M, "LegalEntity");
PROP(p_buildDate,              "buildDate",          DATE,       O, M);
PROP(p_registrationDate,       "registrationDate",   DATE,       O, M);
PROP(p_deregistrationDate,     "deregistrationDate", DATE,       O, M);

#define VEHICLE \
    &p_veh_registrationNumber, &p_type, &p_model, &p_owner, &p_operator, \
    &p_buildDate, &p_registrationDate, &p_deregistrationDate

PROP(p_imoNumber,              "imoNumber",              IDENTIFIER, O, M | SI | CP);
PROP(p_crsNumber,              "crsNumber",              IDENTIFIER, O, M);
PROP(p_flag,                   "flag",                   COUNTRY,    O, M);
PROP(p_pastFlags,              "pastFlags",              COUNTRY,    O, M);
PROP(p_pastTypes,              "pastTypes",              STRING,     O, M);
PROP(p_registrationPort,       "registrationPort",       STRING,     O, M);
PROP(p_navigationArea,         "navigationArea",         STRING,     O, M);
PROP(p_tonnage,                "tonnage",                NUMBER,     O, M);
PROP(p_grossRegisteredTonnage, "grossRegisteredTonnage", NUMBER,     O, M);
PROP(p_deadweightTonnage,      "deadweightTonnage",      NUMBER,     O, M);
PROP(p_nameChangeDate,         "nameChangeDate",         DATE,       O, M);
PROP(p_callSign,               "callSign",               IDENTIFIER, O, M | SI);
PROP(p_mmsi,                   "mmsi",                   IDENTIFIER, O, M | SI);

static const sanctum__prop *const vessel_props[] = {
    COMMON, THING, VEHICLE,
    &p_imoNumber, &p_crsNumber, &p_flag, &p_pastFlags, &p_pastTypes,
    &p_registrationPort, &p_navigationArea, &p_tonnage,
    &p_grossRegisteredTonnage, &p_deadweightTonnage, &p_nameChangeDate,
    &p_callSign, &p_mmsi
};

PROP(p_serialNumber, "serialNumber", IDENTIFIER, O, M | SI);
PROP(p_icaoCode,     "icaoCode",     STRING,     O, M);
PROP(p_manufacturer, "manufacturer", STRING,     O, M);

static const sanctum__prop *const airplane_props[] = {
    COMMON, THING, VEHICLE, &p_serialNumber, &p_icaoCode, &p_manufacturer
};

/* ------------------------------------------------------------ Address: all sensitive */

PROP(p_adr_name,      "name",          STRING,     S, M);
PROP(p_full,          "full",          STRING,     S, M | CP);
PROP(p_street,        "street",        STRING,     S, M | CP);
PROP(p_street2,       "street2",       STRING,     S, M);
PROP(p_city,          "city",          STRING,     S, M | CP);
PROP(p_region,        "region",        STRING,     S, M);
PROP(p_state,         "state",         STRING,     S, M);
PROP(p_postalCode,    "postalCode",    STRING,     S, M);
PROP(p_postOfficeBox, "postOfficeBox", STRING,     S, M);
PROP(p_remarks,       "remarks",       STRING,     S, M);
PROP(p_adr_country,   "country",       COUNTRY,    S, M);
PROP(p_latitude,      "latitude",      NUMBER,     S, M);
PROP(p_longitude,     "longitude",     NUMBER,     S, M);
PROP(p_osmId,         "osmId",         IDENTIFIER, S, M);
PROP(p_googlePlaceId, "googlePlaceId", IDENTIFIER, S, M);

static const sanctum__prop *const address_props[] = {
    COMMON, &p_adr_name, &p_full, &p_street, &p_street2, &p_city, &p_region,
    &p_state, &p_postalCode, &p_postOfficeBox, &p_remarks, &p_adr_country,
    &p_latitude, &p_longitude, &p_osmId, &p_googlePlaceId
};

/* ------------------------------------------------------------ Sanction: all official */

REF(p_san_entity,       "entity",                  O, M, "Thing");
PROP(p_san_authority,   "authority",   STRING,     O, M | CP);
PROP(p_authorityId,     "authorityId", IDENTIFIER, O, M | SI);
PROP(p_unscId,          "unscId",      IDENTIFIER, O, M | SI);
PROP(p_san_program,     "program",     STRING,     O, M | CP);
PROP(p_san_programId,   "programId",   IDENTIFIER, O, M);
PROP(p_programUrl,      "programUrl",  URL,        O, M);
PROP(p_provisions,      "provisions",  TEXT,       O, M);
PROP(p_san_status,      "status",      STRING,     O, M);
PROP(p_duration,        "duration",    STRING,     O, M);
PROP(p_reason,          "reason",      TEXT,       O, M);
PROP(p_san_country,     "country",     COUNTRY,    O, M);
PROP(p_listingDate,     "listingDate", DATE,       O, M);

static const sanctum__prop *const sanction_props[] = {
    COMMON_BASE, INTERVAL,
    &p_san_entity, &p_san_authority, &p_authorityId, &p_unscId, &p_san_program,
    &p_san_programId, &p_programUrl, &p_provisions, &p_san_status, &p_duration,
    &p_reason, &p_san_country, &p_listingDate
};

/* ------------------------------------------------------------ Identification, Passport */

REF(p_holder,          "holder",                O, M, "LegalEntity");
PROP(p_idn_type,       "type",      STRING,     O, M);
PROP(p_idn_country,    "country",   COUNTRY,    O, M);
PROP(p_number,         "number",    IDENTIFIER, S, M | SI | CP);
PROP(p_idn_authority,  "authority", STRING,     O, M);
PROP(p_idn_startDate,  "startDate", DATE,       S, M);
PROP(p_idn_endDate,    "endDate",   DATE,       S, M);
PROP(p_idn_date,       "date",      DATE,       S, M);

#define IDENTIFICATION \
    &p_holder, &p_idn_type, &p_idn_country, &p_number, &p_idn_authority, \
    &p_idn_startDate, &p_idn_endDate, &p_idn_date, &p_recordId

static const sanctum__prop *const identification_props[] = {
    COMMON, IDENTIFICATION
};

PROP(p_pas_passportNumber, "passportNumber", IDENTIFIER, S, M | SI | CP);
PROP(p_surname,            "surname",        STRING,     S, M);
PROP(p_givenName,          "givenName",      STRING,     S, M);
PROP(p_pas_birthDate,      "birthDate",      DATE,       S, M);
PROP(p_pas_birthPlace,     "birthPlace",     STRING,     S, M);
LIST(p_pas_gender,         "gender",         GENDER,     S, M, gender_values);
PROP(p_personalNumber,     "personalNumber", IDENTIFIER, S, M | SI);

static const sanctum__prop *const passport_props[] = {
    COMMON, IDENTIFICATION,
    &p_pas_passportNumber, &p_surname, &p_givenName, &p_pas_birthDate,
    &p_pas_birthPlace, &p_pas_gender, &p_personalNumber
};

/* ------------------------------------------------------------ Case, Evidence (case-side) */

PROP(p_case_name,          "name",               STRING,  O, CP);
LIST(p_case_status,        "status",             ENUM,    O, RO, case_status_values);
PROP(p_regime,             "regime",             STRING,  O, 0);
REF(p_subject,             "subject",                     S, M, "Thing");
PROP(p_statementOfReasons, "statementOfReasons", TEXT,    X, M);
LIST(p_measures,           "measures",           ENUM,    O, M, measure_values);
LIST(p_case_class,         "classification",     ENUM,    O, 0, level_values);
PROP(p_openedDate,         "openedDate",         DATE,    O, 0);

static const sanctum__prop *const case_props[] = {
    COMMON, &p_case_name, &p_case_status, &p_regime, &p_subject,
    &p_statementOfReasons, &p_measures, &p_case_class, &p_openedDate
};

PROP(p_evi_name,         "name",             STRING, S, M | CP);
REF(p_evi_case,          "case",                     O, M, "Case");
REF(p_evi_entity,        "entity",                   S, M, "Thing");
PROP(p_evidenceRef,      "evidenceRef",      STRING, X, M);
PROP(p_sourceProtection, "sourceProtection", TEXT,   X, M);
PROP(p_evi_date,         "date",             DATE,   O, M);

static const sanctum__prop *const evidence_props[] = {
    COMMON, &p_evi_name, &p_evi_case, &p_evi_entity, &p_evidenceRef,
    &p_sourceProtection, &p_evi_date
};

/* ------------------------------------------------------------ links */

PROP(p_relationship, "relationship", STRING, O, M | CP);
REF(p_person,        "person",               O, M, "Person");
REF(p_associate,     "associate",            O, M, "Person");
REF(p_relative,      "relative",             O, M, "Person");

static const sanctum__prop *const associate_props[] = {
    COMMON, INTERVAL, &p_person, &p_associate, &p_relationship
};

static const sanctum__prop *const family_props[] = {
    COMMON, INTERVAL, &p_person, &p_relative, &p_relationship
};

REF(p_own_owner,      "owner",                  O, M, "LegalEntity");
REF(p_asset,          "asset",                  O, M, "Asset");
PROP(p_percentage,    "percentage",     STRING, O, M);
PROP(p_sharesCount,   "sharesCount",    STRING, O, M);
PROP(p_sharesValue,   "sharesValue",    STRING, O, M);
PROP(p_sharesCurrency, "sharesCurrency", STRING, O, M);
PROP(p_sharesType,    "sharesType",     STRING, O, M);
PROP(p_shareClass,    "shareClass",     STRING, O, M);
PROP(p_legalBasis,    "legalBasis",     STRING, O, M);
PROP(p_ownershipType, "ownershipType",  STRING, O, M);

static const sanctum__prop *const ownership_props[] = {
    COMMON, INTERVAL, INTEREST,
    &p_own_owner, &p_asset, &p_percentage, &p_sharesCount, &p_sharesValue,
    &p_sharesCurrency, &p_sharesType, &p_shareClass, &p_legalBasis,
    &p_ownershipType
};

REF(p_director,     "director",            O, M, "LegalEntity");
REF(p_organization, "organization",        O, M, "Organization");
PROP(p_secretary,   "secretary",   STRING, O, M);

static const sanctum__prop *const directorship_props[] = {
    COMMON, INTERVAL, INTEREST, &p_director, &p_organization, &p_secretary
};

REF(p_member, "member", O, M, "LegalEntity");

static const sanctum__prop *const membership_props[] = {
    COMMON, INTERVAL, INTEREST, &p_member, &p_organization
};

REF(p_employee, "employee", O, M, "Person");
REF(p_employer, "employer", O, M, "Organization");

static const sanctum__prop *const employment_props[] = {
    COMMON, INTERVAL, INTEREST, &p_employee, &p_employer
};

REF(p_subjectRef, "subject", O, M, "Thing");
REF(p_object,     "object",  O, M, "Thing");

static const sanctum__prop *const unknown_link_props[] = {
    COMMON, INTERVAL, INTEREST, &p_subjectRef, &p_object
};

REF(p_agent,  "agent",  O, M, "LegalEntity");
REF(p_client, "client", O, M, "LegalEntity");

static const sanctum__prop *const representation_props[] = {
    COMMON, INTERVAL, INTEREST, &p_agent, &p_client
};

/* ------------------------------------------------------------ captions, ancestry */

static const char *const cap_name[] = { "name", NULL };
static const char *const cap_person[] = { "name", "lastName", NULL };
static const char *const cap_vessel[] = { "name", "imoNumber", "registrationNumber", NULL };
static const char *const cap_airplane[] = { "name", "registrationNumber", NULL };
static const char *const cap_address[] = { "full", "street", "city", NULL };
static const char *const cap_sanction[] = { "authority", "program", NULL };
static const char *const cap_identification[] = { "number", NULL };
static const char *const cap_passport[] = { "passportNumber", "number", NULL };
static const char *const cap_relationship[] = { "relationship", NULL };
static const char *const cap_role[] = { "role", NULL };

static const char *const ext_none[] = { NULL };
static const char *const ext_thing[] = { "Thing", NULL };
static const char *const ext_legal[] = { "LegalEntity", "Thing", NULL };
static const char *const ext_company[] = {
    "Organization", "LegalEntity", "Asset", "Thing", NULL
};
static const char *const ext_vehicle[] = { "Vehicle", "Asset", "Thing", NULL };
static const char *const ext_interval[] = { "Interval", NULL };
static const char *const ext_passport[] = { "Identification", "Interval", NULL };
static const char *const ext_interest[] = { "Interest", "Interval", NULL };

/* ------------------------------------------------------------ schemas */

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SCHEMA(var, nm, pfx, lbl, link, props, cap, ext) \
    static const sanctum__schema var = { nm, pfx, lbl, link, props, N(props), cap, ext }

SCHEMA(s_person,         "Person",         "PER", "Person",         0, person_props,         cap_person,         ext_legal);
SCHEMA(s_organization,   "Organization",   "ORG", "Organization",   0, organization_props,   cap_name,           ext_legal);
SCHEMA(s_company,        "Company",        "COM", "Company",        0, company_props,        cap_name,           ext_company);
SCHEMA(s_legal_entity,   "LegalEntity",    "LEG", "Legal entity",   0, legal_entity_props,   cap_name,           ext_thing);
SCHEMA(s_vessel,         "Vessel",         "VES", "Vessel",         0, vessel_props,         cap_vessel,         ext_vehicle);
SCHEMA(s_airplane,       "Airplane",       "AIR", "Airplane",       0, airplane_props,       cap_airplane,       ext_vehicle);
SCHEMA(s_address,        "Address",        "ADR", "Address",        0, address_props,        cap_address,        ext_thing);
SCHEMA(s_sanction,       "Sanction",       "SAN", "Sanction",       0, sanction_props,       cap_sanction,       ext_interval);
SCHEMA(s_identification, "Identification", "IDN", "Identification", 0, identification_props, cap_identification, ext_interval);
SCHEMA(s_passport,       "Passport",       "PAS", "Passport",       0, passport_props,       cap_passport,       ext_passport);
SCHEMA(s_case,           "Case",           "CAS", "Case",           0, case_props,           cap_name,           ext_none);
SCHEMA(s_evidence,       "Evidence",       "EVI", "Evidence",       0, evidence_props,       cap_name,           ext_none);
SCHEMA(s_associate,      "Associate",      "ASC", "Associate",      1, associate_props,      cap_relationship,   ext_interval);
SCHEMA(s_family,         "Family",         "FAM", "Family",         1, family_props,         cap_relationship,   ext_interval);
SCHEMA(s_ownership,      "Ownership",      "OWN", "Ownership",      1, ownership_props,      cap_role,           ext_interest);
SCHEMA(s_directorship,   "Directorship",   "DIR", "Directorship",   1, directorship_props,   cap_role,           ext_interest);
SCHEMA(s_membership,     "Membership",     "MEM", "Membership",     1, membership_props,     cap_role,           ext_interest);
SCHEMA(s_employment,     "Employment",     "EMP", "Employment",     1, employment_props,     cap_role,           ext_interest);
SCHEMA(s_unknown_link,   "UnknownLink",    "LNK", "Link",           1, unknown_link_props,   cap_role,           ext_interest);
SCHEMA(s_representation, "Representation", "REP", "Representation", 1, representation_props, cap_role,           ext_interest);

const sanctum__schema *const sanctum__schema_table[] = {
    &s_person, &s_organization, &s_company, &s_legal_entity, &s_vessel,
    &s_airplane, &s_address, &s_sanction, &s_identification, &s_passport,
    &s_case, &s_evidence, &s_associate, &s_family, &s_ownership,
    &s_directorship, &s_membership, &s_employment, &s_unknown_link,
    &s_representation
};

const size_t sanctum__schema_table_len = N(sanctum__schema_table);
