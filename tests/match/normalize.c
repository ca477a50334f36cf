/* SPDX-License-Identifier: Apache-2.0 */
/* normalize.c - names in many scripts to tokens; noise words; refusals that never echo the name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanctum/errors.h>

#include "normalize.h"
#include "testutil.h"

static sanctum__normalizer *norm;
static sanctum__name nm;

static int
setup(void **state)
{
    (void)state;
    return sanctum__normalizer_new(&norm);
}

static int
teardown(void **state)
{
    (void)state;
    sanctum__name_clear(&nm);
    sanctum__normalizer_free(norm);
    return 0;
}

/* Normalise text and return its tokens joined by spaces (static). */
static const char *
tokens(sanctum__name_kind kind, const char *text)
{
    static char buf[2048];
    int rc = sanctum__normalize_name(norm, &nm, text, strlen(text), kind);

    if (rc != 0) {
        fprintf(stderr, "normalise failed: %s\n", sanctum_last_error());
        fail();
    }
    sanctum__name_join(buf, sizeof buf, &nm);
    return buf;
}

/* Flags of the token equal to word in the last name, or -1. */
static int
flags_of(const char *word)
{
    size_t i;

    for (i = 0; i < nm.ntok; i++)
        if (strcmp(SANCTUM__TOK_STR(&nm, i), word) == 0)
            return nm.tok[i].flags;
    return -1;
}

#define EXPECT(kind, in, out) assert_string_equal(tokens(kind, in), out)

static void
test_normalize__refusals_do_not_echo_the_name(void **state)
{
    static const char *const bad[] = {
        "Ivan \xff Secretname",        /* invalid byte */
        "Ivan \xc3\x28 Secretname",    /* bad continuation */
        "Ivan \xe0\x80\xaf Secretname", /* overlong */
        "Ivan \xed\xa0\x80 Secretname", /* surrogate */
        "Ivan Secretname \xf0\x9f",    /* truncated */
    };
    char big[SANCTUM__NAME_MAX_INPUT + 2];
    size_t i;

    (void)state;
    assert_int_equal(sanctum__normalize_name(norm, &nm, "", 0, SANCTUM__NAME_ANY), SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "empty"));
    assert_int_equal(sanctum__normalize_name(norm, &nm, NULL, 0, SANCTUM__NAME_ANY),
                     SANCTUM_EINVAL);
    memset(big, 'a', sizeof big);
    assert_int_equal(sanctum__normalize_name(norm, &nm, big, sizeof big, SANCTUM__NAME_ANY),
                     SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "1024"));
    /* exactly the limit is fine */
    memset(big, ' ', sizeof big);
    big[0] = 'x';
    assert_int_equal(sanctum__normalize_name(norm, &nm, big, SANCTUM__NAME_MAX_INPUT,
                                             SANCTUM__NAME_ANY),
                     0);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(sanctum__normalize_name(norm, &nm, bad[i], strlen(bad[i]),
                                                 SANCTUM__NAME_PERSON),
                         SANCTUM_EINVAL);
        assert_non_null(strstr(sanctum_last_error(), "UTF-8"));
        assert_null(strstr(sanctum_last_error(), "Secretname"));
        assert_int_equal(nm.ntok, 0); /* wiped */
    }
    assert_int_equal(sanctum__normalize_name(norm, &nm, "Ivan\0Secretname", 15,
                                             SANCTUM__NAME_PERSON),
                     SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "NUL"));
    assert_int_equal(sanctum__normalize_name(norm, &nm, "-- ... !!", 9, SANCTUM__NAME_ANY),
                     SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "no letters"));
    assert_int_equal(sanctum__normalize_name(norm, &nm, "x", 1, (sanctum__name_kind)9),
                     SANCTUM_EINVAL);
}

static void
test_normalize__too_many_words(void **state)
{
    char text[SANCTUM__NAME_MAX_INPUT];
    size_t i, o = 0;

    (void)state;
    for (i = 0; i < 100; i++)
        o += (size_t)snprintf(text + o, sizeof text - o, "w%zu ", i);
    assert_int_equal(sanctum__normalize_name(norm, &nm, text, o, SANCTUM__NAME_ANY),
                     SANCTUM_EINVAL);
    assert_non_null(strstr(sanctum_last_error(), "words"));
    assert_null(strstr(sanctum_last_error(), "w17"));
}

static void
test_normalize__case_width_and_diacritics(void **state)
{
    (void)state;
    EXPECT(SANCTUM__NAME_PERSON, "Vladímír Pútín", "vladimir putin");
    EXPECT(SANCTUM__NAME_PERSON, "ＪＯＨＮ　ＳＭＩＴＨ", "john smith"); /* full width */
    EXPECT(SANCTUM__NAME_PERSON, "Łukasz Żółć", "lukasz zolc");
    EXPECT(SANCTUM__NAME_PERSON, "Straße Ørsted", "strasse orsted");
    EXPECT(SANCTUM__NAME_PERSON, "Mus\xe2\x80\x99" "ab O'Brien", "musab obrien");
}

static void
test_normalize__scripts_to_latin(void **state)
{
    (void)state;
    EXPECT(SANCTUM__NAME_PERSON, "Владимир Владимирович Путин", "vladimir vladimirovich putin");
    /* Russian-style readings; the folded spelling takes care of y / i */
    EXPECT(SANCTUM__NAME_PERSON, "Путін Володимир", "putin volodimir");
    EXPECT(SANCTUM__NAME_PERSON, "Жаўнерчык", "zhaunerchyk");
    EXPECT(SANCTUM__NAME_PERSON, "محمد علي", "mhmd ly");
    EXPECT(SANCTUM__NAME_PERSON, "ولادیمیر پوتین", "wladymyr pwtyn");
    EXPECT(SANCTUM__NAME_PERSON, "Αλέξανδρος", "alexandros");
    EXPECT(SANCTUM__NAME_PERSON, "ვლადიმერ პუტინი", "vladimer putini");
    EXPECT(SANCTUM__NAME_PERSON, "Վլադիմիր Պուտին", "vladimir putin");
    EXPECT(SANCTUM__NAME_PERSON, "משה כהן", "mshe khn");
    EXPECT(SANCTUM__NAME_PERSON, "习近平", "xi jinping");
    EXPECT(SANCTUM__NAME_PERSON, "弗拉基米尔·普京", "fulajimier pujing");
    EXPECT(SANCTUM__NAME_PERSON, "山田太郎", "yamada taro");
    EXPECT(SANCTUM__NAME_PERSON, "김정은", "kim jongun");
    EXPECT(SANCTUM__NAME_PERSON, "최", "choi");
    EXPECT(SANCTUM__NAME_PERSON, "ウラジーミル・プーチン", "urajimiru puchin");
    EXPECT(SANCTUM__NAME_PERSON, "វ៉្លាឌីមៀរ ពូទីន", "vladimier putin");
    EXPECT(SANCTUM__NAME_PERSON, "व्लादिमीर पुतिन", "vladimir putin");
    EXPECT(SANCTUM__NAME_PERSON, "สมชาย", "smchay");
    /* origin flags */
    tokens(SANCTUM__NAME_PERSON, "محمد Smith");
    assert_true(flags_of("mhmd") & SANCTUM__TOK_NOVOWEL);
    assert_true(flags_of("mhmd") & SANCTUM__TOK_TRANSLIT);
    assert_int_equal(flags_of("smith") & SANCTUM__TOK_TRANSLIT, 0);
    tokens(SANCTUM__NAME_PERSON, "金正恩");
    assert_true(flags_of("jin") & SANCTUM__TOK_LOSSY);
}

static void
test_normalize__honorifics_and_particles(void **state)
{
    (void)state;
    EXPECT(SANCTUM__NAME_PERSON, "Mr. John Smith", "john smith");
    assert_true(nm.flags & SANCTUM__NAME_HONORIFIC);
    EXPECT(SANCTUM__NAME_PERSON, "Dr Sheikh Haji Ahmed", "ahmed");
    EXPECT(SANCTUM__NAME_PERSON, "Gen. Ali Hassan", "ali hassan");
    EXPECT(SANCTUM__NAME_PERSON, "Presidente Putin", "putin");
    EXPECT(SANCTUM__NAME_PERSON, "Президент Путин", "putin");
    EXPECT(SANCTUM__NAME_PERSON, "Ruben Pestano Lavilla, Jr", "ruben pestano lavilla");
    EXPECT(SANCTUM__NAME_PERSON, "Abu Bakr al-Baghdadi", "abu bakr al baghdadi");
    assert_true(flags_of("al") & SANCTUM__TOK_PARTICLE);
    assert_true(flags_of("abu") & SANCTUM__TOK_PARTICLE);
    assert_int_equal(flags_of("baghdadi") & SANCTUM__TOK_PARTICLE, 0);
    EXPECT(SANCTUM__NAME_PERSON, "Ludwig van der Berg", "ludwig van der berg");
    assert_true(flags_of("van") & SANCTUM__TOK_PARTICLE);
    assert_true(flags_of("der") & SANCTUM__TOK_PARTICLE);
    EXPECT(SANCTUM__NAME_PERSON, "Osama bin Laden", "osama bin laden");
    assert_true(flags_of("bin") & SANCTUM__TOK_PARTICLE);
    EXPECT(SANCTUM__NAME_PERSON, "Saif ad-Din", "saif ad din");
    assert_true(flags_of("ad") & SANCTUM__TOK_PARTICLE);
    /* only noise: the words are kept rather than nothing */
    EXPECT(SANCTUM__NAME_PERSON, "Mr", "mr");
    /* initials and patronymics */
    EXPECT(SANCTUM__NAME_PERSON, "Putin V. V.", "putin v v");
    assert_true(flags_of("v") & SANCTUM__TOK_INITIAL);
    tokens(SANCTUM__NAME_PERSON, "Vladimir Vladimirovich Putin");
    assert_true(flags_of("vladimirovich") & SANCTUM__TOK_PATRONYMIC);
}

static void
test_normalize__legal_forms(void **state)
{
    (void)state;
    EXPECT(SANCTUM__NAME_COMPANY, "Acme Trading LLC", "acme trading");
    assert_true(nm.flags & SANCTUM__NAME_LEGAL_FORM);
    assert_int_equal(nm.nlegal, 1);
    EXPECT(SANCTUM__NAME_COMPANY, "Guangzhou Lixing Cosmetics Co., Ltd.", "guangzhou lixing cosmetics");
    EXPECT(SANCTUM__NAME_COMPANY, "Rancho Vercel Importadora S.A. de C.V.", "rancho vercel importadora");
    EXPECT(SANCTUM__NAME_COMPANY, "Korvessa Industrial Sdn. Bhd.", "korvessa industrial");
    EXPECT(SANCTUM__NAME_COMPANY, "Bursztynowa Przystan Sp. z o.o.", "bursztynowa przystan");
    EXPECT(SANCTUM__NAME_COMPANY, "Fabjan Prevozi d. o. o.", "fabjan prevozi");
    EXPECT(SANCTUM__NAME_COMPANY, "Whitfield Mining Pty. Limited", "whitfield mining");
    EXPECT(SANCTUM__NAME_COMPANY, "Tak Shing Trading GmbH", "tak shing trading");
    EXPECT(SANCTUM__NAME_COMPANY, "FZE Qordova Petroleum", "qordova petroleum");
    EXPECT(SANCTUM__NAME_COMPANY, "Anping Co PJSC", "anping");
    /* Cyrillic forms, after transliteration */
    EXPECT(SANCTUM__NAME_COMPANY, "ООО «Ромашка»", "romashka");
    EXPECT(SANCTUM__NAME_COMPANY, "ОАО Газпром", "gazprom");
    EXPECT(SANCTUM__NAME_COMPANY, "ЗАО Альфа", "alfa");
    EXPECT(SANCTUM__NAME_COMPANY, "ПАО Сбербанк", "sberbank");
    EXPECT(SANCTUM__NAME_COMPANY, "ТОВ «Бриз Одеса»", "briz odesa");
    /* CJK, Hebrew, Georgian and Armenian forms */
    EXPECT(SANCTUM__NAME_COMPANY, "株式会社霜月水産", "shuang yue shui chan");
    EXPECT(SANCTUM__NAME_COMPANY, "שאלתיאל הובלות בע\"מ", "shltyl hwvlwt");
    EXPECT(SANCTUM__NAME_COMPANY, "შპს კვინიკაძე მეტალი", "kvinikadze metali");
    EXPECT(SANCTUM__NAME_COMPANY, "«Ծատուրյան Շին» ՍՊԸ", "tsaturyan shin");
    /* an ambiguous short form inside a name is a word ("Chao" is a name) */
    EXPECT(SANCTUM__NAME_VESSEL, "Chao Le No. 8", "chao le 8");
    EXPECT(SANCTUM__NAME_COMPANY, "Chao Phraya Shipping Ltd", "chao phraya shipping");
    /* forms of the Balkans, the Gulf, Iran, Central Asia, the Caucasus,
     * Vietnam, Latin America and Portugal (index rules 3) */
    static const char *const more[][2] = {
        { "Adriatic Marine Engines Sh.p.k.", "adriatic marine engines" },
        { "Adriatic Marine Engines SHPK", "adriatic marine engines" },
        { "Tirana Build Sh.a.", "tirana build" },
        { "Gulf Star Trading W.L.L.", "gulf star trading" },
        { "Kuwait Logistics K.S.C.C.", "kuwait logistics" },
        { "Muscat Shipping SAOC", "muscat shipping" },
        { "Doha Marine Q.S.C.", "doha marine" },
        { "Manama Trade B.S.C.", "manama trade" },
        { "Hormoz Petro PJS", "hormoz petro" },
        { "Kazakh Oil TOO", "kazakh oil" },
        { "ТОО «Казах Ойл»", "kazakh oyl" },
        { "Almaz Invest MChJ", "almaz invest" },
        { "Baku Marine MMC", "baku marine" },
        { "Cong Ty TNHH Hai Phong", "hai phong" },
        { "Công ty Cổ phần Sao Mai", "sao mai" },
        { "Teleserve Plus SAL", "teleserve plus" },
        { "Misr Trading S.A.E.", "misr trading" },
        { "Importadora Silvania C.A.", "importadora silvania" },
        { "Cano Agudelo S en C", "cano agudelo" },
        { "Lisboa Comercio Lda.", "lisboa comercio" },
        { "Sofia Trans EAD", "sofia trans" },
        { "Zagreb Trans j.d.o.o.", "zagreb trans" },
        { "Roma Servizi S.r.l.s.", "roma servizi" },
        { "Indio Vitorio S. de P.R. de R.L. de C.V.", "indio vitorio" },
        { "Corrales San Ignacio S.P.R. de R.L. de C.V.", "corrales san ignacio" },
        { "Esquenazi Hermanos S. C. S.", "esquenazi hermanos" },
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        EXPECT(SANCTUM__NAME_COMPANY, more[i][0], more[i][1]);
    /* a short form kept because the name would be one word without it:
     * written with dots or after a comma it is optional when scoring;
     * plain, it is a word like any other */
    EXPECT(SANCTUM__NAME_COMPANY, "CECOEX, S.A.", "cecoex sa");
    assert_true(flags_of("sa") & SANCTUM__TOK_LEGAL);
    EXPECT(SANCTUM__NAME_COMPANY, "TAATTA, AO", "taatta ao");
    assert_true(flags_of("ao") & SANCTUM__TOK_LEGAL);
    EXPECT(SANCTUM__NAME_COMPANY, "Debbiye 143 SAL", "debbiye 143 sal");
    assert_true(flags_of("sal") & SANCTUM__TOK_LEGAL); /* a number is no core word */
    EXPECT(SANCTUM__NAME_COMPANY, "Bolsak E.U.", "bolsak eu");
    assert_true(flags_of("eu") & SANCTUM__TOK_LEGAL);
    EXPECT(SANCTUM__NAME_COMPANY, "Me Too", "me too");
    assert_false(flags_of("too") & SANCTUM__TOK_LEGAL);
    EXPECT(SANCTUM__NAME_COMPANY, "S.A.", "sa");
    assert_false(flags_of("sa") & SANCTUM__TOK_LEGAL); /* nothing else: not optional */
    EXPECT(SANCTUM__NAME_ANY, "CECOEX, S.A.", "cecoex sa");
    assert_false(flags_of("sa") & SANCTUM__TOK_LEGAL);
    /* people keep such words */
    EXPECT(SANCTUM__NAME_PERSON, "Li Sa", "li sa");
    EXPECT(SANCTUM__NAME_PERSON, "Sal Too", "sal too");
    /* unknown kind: only unambiguous forms, or short ones at the ends */
    EXPECT(SANCTUM__NAME_ANY, "Acme Holdings Limited", "acme holdings");
    EXPECT(SANCTUM__NAME_ANY, "Maria Sa Costa", "maria sa costa");
}

static void
test_normalize__vessels_labels_and_annotations(void **state)
{
    (void)state;
    EXPECT(SANCTUM__NAME_VESSEL, "MV Solenne Harbour", "solenne harbour");
    assert_true(nm.flags & SANCTUM__NAME_VESSEL_PFX);
    EXPECT(SANCTUM__NAME_VESSEL, "M/T Ardrevan Pearl", "ardrevan pearl");
    EXPECT(SANCTUM__NAME_VESSEL, "M.V. Pelgarra Glory", "pelgarra glory");
    EXPECT(SANCTUM__NAME_VESSEL, "SS Maltrevor Queen", "maltrevor queen");
    EXPECT(SANCTUM__NAME_VESSEL, "MT GOLDEN KINNAREE, Laem Chabang", "golden kinnaree laem chabang");
    assert_true(flags_of("laem") & SANCTUM__TOK_ANNOTATION);
    assert_int_equal(flags_of("golden") & SANCTUM__TOK_ANNOTATION, 0);
    EXPECT(SANCTUM__NAME_VESSEL, "Hoshikaze Maru No. 8", "hoshikaze maru 8");
    assert_true(flags_of("8") & SANCTUM__TOK_NUMBER);
    EXPECT(SANCTUM__NAME_COMPANY, "Seraphine Navigation II S.A.", "seraphine navigation 2");
    EXPECT(SANCTUM__NAME_COMPANY, "Brasskey Shipping Three Inc.", "brasskey shipping 3");
    /* single-letter numerals at the end too: "I" is no conjunction there */
    EXPECT(SANCTUM__NAME_VESSEL, "BICENTENARIO I", "bicentenario 1");
    assert_true(flags_of("1") & SANCTUM__TOK_NUMBER);
    assert_int_equal(flags_of("1") & (SANCTUM__TOK_PARTICLE | SANCTUM__TOK_INITIAL), 0);
    EXPECT(SANCTUM__NAME_VESSEL, "Bicentenario V", "bicentenario 5");
    EXPECT(SANCTUM__NAME_COMPANY, "Diamond X", "diamond 10");
    EXPECT(SANCTUM__NAME_COMPANY, "Banco I Comercio", "banco i comercio");
    assert_true(flags_of("i") & SANCTUM__TOK_PARTICLE);
    EXPECT(SANCTUM__NAME_COMPANY, "I", "i");
    EXPECT(SANCTUM__NAME_COMPANY, "BENEFICIARY: Sarikaya Hububat Ltd. Sti.", "sarikaya hububat");
    assert_true(nm.flags & SANCTUM__NAME_LABEL);
    EXPECT(SANCTUM__NAME_COMPANY, "Kisumu Lakeside Motors Ltd (Kakamega Branch)",
           "kisumu lakeside motors");
    EXPECT(SANCTUM__NAME_COMPANY, "Lundqvist Hydraulics (UK) Ltd.", "lundqvist hydraulics uk");
    assert_true(flags_of("uk") & SANCTUM__TOK_ANNOTATION);
    assert_true(flags_of("uk") & SANCTUM__TOK_COUNTRY);
    EXPECT(SANCTUM__NAME_COMPANY, "Ocean Pioneer (ex-Cape Diamond)", "ocean pioneer cape diamond");
    assert_true(flags_of("cape") & SANCTUM__TOK_ALIAS);
    assert_int_equal(flags_of("ocean") & SANCTUM__TOK_ALIAS, 0);
    EXPECT(SANCTUM__NAME_COMPANY, "Olvetra Polska Sp. z o.o.", "olvetra polska");
    assert_true(flags_of("polska") & SANCTUM__TOK_COUNTRY);
    EXPECT(SANCTUM__NAME_COMPANY, "Delancourt Bros. Mfg. Co.", "delancourt brothers manufacturing");
    EXPECT(SANCTUM__NAME_COMPANY, "Rancho Vercel SA de CV c/o Aduanas Pedraza",
           "rancho vercel aduanas pedraza");
    assert_true(flags_of("aduanas") & SANCTUM__TOK_ANNOTATION);
}

/* Numbers and codes mixing letters and digits are numbers in every kind
 * of name; a title or vessel prefix before nothing but numbers is kept. */
static void
test_normalize__codes_and_numbers(void **state)
{
    (void)state;
    EXPECT(SANCTUM__NAME_ANY, "APT39", "apt39");
    assert_true(flags_of("apt39") & SANCTUM__TOK_NUMBER);
    EXPECT(SANCTUM__NAME_PERSON, "M23", "m23");
    assert_true(flags_of("m23") & SANCTUM__TOK_NUMBER);
    EXPECT(SANCTUM__NAME_COMPANY, "11420 CORP.", "11420");
    EXPECT(SANCTUM__NAME_VESSEL, "7-28", "7 28");
    EXPECT(SANCTUM__NAME_ANY, "P-532", "p 532");
    assert_true(flags_of("p") & SANCTUM__TOK_INITIAL);
    /* "ms" is a vessel prefix and a title, but not before a bare number */
    EXPECT(SANCTUM__NAME_COMPANY, "MS-13", "ms 13");
    assert_false(nm.flags & SANCTUM__NAME_VESSEL_PFX);
    assert_false(nm.flags & SANCTUM__NAME_HONORIFIC);
    EXPECT(SANCTUM__NAME_VESSEL, "MS 13", "ms 13");
    EXPECT(SANCTUM__NAME_ANY, "MS-13", "ms 13");
    EXPECT(SANCTUM__NAME_PERSON, "Ms 13", "ms 13");
    EXPECT(SANCTUM__NAME_VESSEL, "M/V 8", "mv 8");
    EXPECT(SANCTUM__NAME_VESSEL, "MS Solenne 13", "solenne 13");
    assert_true(nm.flags & SANCTUM__NAME_VESSEL_PFX);
    EXPECT(SANCTUM__NAME_PERSON, "Ms J. Smith", "j smith");
}

static void
test_normalize__legal_conflict(void **state)
{
    static sanctum__name a, b;
    static const char *const pairs[][3] = {
        /* name 1, name 2, conflict? */
        { "Korvessa Industrial GmbH", "Korvessa Industrial Sdn. Bhd.", "1" },
        { "Wieczorek Machine Works Inc.", "Wieczorek Machine Works GmbH", "1" },
        { "Lundqvist Hydraulics Inc.", "Lundqvist Hydraulics Pty Ltd", "1" },
        { "Tessaline Trade OOO", "Tessaline Trade Ltda.", "1" },
        { "Torva Puidutoo OU", "Torva Puidutoo Ltd", "0" },
        { "Briz Odesa TOV", "Briz Odessa LLC", "0" },
        { "Quillmont Hydraulics, Inc.", "Quillmont Hydraulics Incorporated", "0" },
        { "Whitfield Mining Pty Ltd", "Whitfield Mining Pty. Limited", "0" },
        { "Harrowfield Bearings Limited", "Harrowfield Bearings LLC", "0" },
        { "Harrowfield Bearings", "Harrowfield Bearings GmbH", "0" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_int_equal(sanctum__normalize_name(norm, &a, pairs[i][0], strlen(pairs[i][0]),
                                                 SANCTUM__NAME_COMPANY),
                         0);
        assert_int_equal(sanctum__normalize_name(norm, &b, pairs[i][1], strlen(pairs[i][1]),
                                                 SANCTUM__NAME_COMPANY),
                         0);
        if (sanctum__legal_conflict(&a, &b) != atoi(pairs[i][2])) {
            fprintf(stderr, "legal conflict of %s / %s\n", pairs[i][0], pairs[i][1]);
            fail();
        }
        assert_int_equal(sanctum__legal_conflict(&a, &b), sanctum__legal_conflict(&b, &a));
    }
    sanctum__name_clear(&a);
    sanctum__name_clear(&b);
}

static void
test_normalize__clear_wipes(void **state)
{
    size_t i;
    const unsigned char *p = (const unsigned char *)&nm;

    (void)state;
    tokens(SANCTUM__NAME_PERSON, "Secret Person");
    sanctum__name_clear(&nm);
    for (i = 0; i < sizeof nm; i++)
        assert_int_equal(p[i], 0);
    sanctum__name_clear(NULL);
    sanctum__normalizer_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize__refusals_do_not_echo_the_name),
        cmocka_unit_test(test_normalize__too_many_words),
        cmocka_unit_test(test_normalize__case_width_and_diacritics),
        cmocka_unit_test(test_normalize__scripts_to_latin),
        cmocka_unit_test(test_normalize__honorifics_and_particles),
        cmocka_unit_test(test_normalize__legal_forms),
        cmocka_unit_test(test_normalize__vessels_labels_and_annotations),
        cmocka_unit_test(test_normalize__codes_and_numbers),
        cmocka_unit_test(test_normalize__legal_conflict),
        cmocka_unit_test(test_normalize__clear_wipes),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
