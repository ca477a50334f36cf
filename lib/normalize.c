/* SPDX-License-Identifier: Apache-2.0 */
/* normalize.c - names in any script to ASCII tokens: ICU transliteration, then word classes. */
#include "normalize.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "errors.h"
#include "similarity.h"
#include "utf8.h"
#include "wordset.h"

/* ------------------------------------------------------------------ */
/* Transliteration chains, one per script family.                      */

/*
 * Every chain turns one run of a single script into Latin; the shared
 * tail (TAIL_RULES) then strips diacritics and folds to ASCII. Rules are
 * ICU transform rules; the input is already NFKC case-folded, so only
 * lower-case letters need rules. '#' in an output is a hard word break
 * (plain spaces inside Han output separate syllables, see han_group()).
 */
#define TAIL_RULES \
    ":: NFD ; :: [:Nonspacing Mark:] Remove ; :: NFC ;" \
    "\\u0259 > e ; \\u01DD > e ;" /* schwa, turned e */ \
    ":: Latin-ASCII ;"

/* Cyrillic, English-style (close to BGN/PCGN), with Ukrainian, Belarusian,
 * Serbian, Macedonian and Central Asian letters; leftovers via Any-Latin. */
static const char cyrillic_rules[] =
    "щ > shch ; ж > zh ; х > kh ; ц > ts ; ч > ch ; ш > sh ;"
    "ю > yu ; я > ya ; ё > e ; ї > yi ; є > ye ; й > y ; ы > y ;"
    "ъ > ; ь > ; \\u02BC > ; \\u2019 > ; \\u0027 > ;"
    "а > a ; б > b ; в > v ; г > g ; д > d ; е > e ; з > z ; и > i ;"
    "к > k ; л > l ; м > m ; н > n ; о > o ; п > p ; р > r ; с > s ;"
    "т > t ; у > u ; ф > f ; э > e ; і > i ; ґ > g ; ў > u ;"
    "ђ > dj ; ј > j ; љ > lj ; њ > nj ; ћ > c ; џ > dz ; ѓ > gj ; ќ > kj ;"
    "ѕ > dz ; қ > k ; ғ > gh ; ү > u ; ұ > u ; ң > ng ; һ > h ; ә > a ;"
    "ө > o ; ӣ > i ; ӯ > u ; ҳ > h ; ҷ > j ;"
    ":: Any-Latin ;";

/* Han: CJK legal forms and ordinal ship numbers first, then the readings
 * of common Japanese family and given names (ICU only has Mandarin). */
static const char han_rules[] =
    "股份有限公司 > '#coltd#' ; 有限责任公司 > '#coltd#' ; 有限責任公司 > '#coltd#' ;"
    "有限公司 > '#coltd#' ; 株式会社 > '#kk#' ; 有限会社 > '#yk#' ; 合同会社 > '#gk#' ;"
    "公司 > '#co#' ;"
    "第十一 > '#no#11#' ; 第十二 > '#no#12#' ; 第十三 > '#no#13#' ; 第十四 > '#no#14#' ;"
    "第十五 > '#no#15#' ; 第十六 > '#no#16#' ; 第十七 > '#no#17#' ; 第十八 > '#no#18#' ;"
    "第十九 > '#no#19#' ; 第二十 > '#no#20#' ; 第十 > '#no#10#' ; 第一 > '#no#1#' ;"
    "第二 > '#no#2#' ; 第三 > '#no#3#' ; 第四 > '#no#4#' ; 第五 > '#no#5#' ;"
    "第六 > '#no#6#' ; 第七 > '#no#7#' ; 第八 > '#no#8#' ; 第九 > '#no#9#' ;"
    "長谷川 > '#hasegawa#' ; 佐々木 > '#sasaki#' ; 真由美 > '#mayumi#' ;"
    "久美子 > '#kumiko#' ; 由美子 > '#yumiko#' ; 美智子 > '#michiko#' ;"
    "佐藤 > '#sato#' ; 鈴木 > '#suzuki#' ; 高橋 > '#takahashi#' ; 田中 > '#tanaka#' ;"
    "伊藤 > '#ito#' ; 渡辺 > '#watanabe#' ; 渡邊 > '#watanabe#' ; 渡部 > '#watanabe#' ;"
    "山本 > '#yamamoto#' ; 中村 > '#nakamura#' ; 小林 > '#kobayashi#' ; 加藤 > '#kato#' ;"
    "吉田 > '#yoshida#' ; 山田 > '#yamada#' ; 山口 > '#yamaguchi#' ; 松本 > '#matsumoto#' ;"
    "井上 > '#inoue#' ; 木村 > '#kimura#' ; 斎藤 > '#saito#' ; 斉藤 > '#saito#' ;"
    "清水 > '#shimizu#' ; 山崎 > '#yamazaki#' ; 池田 > '#ikeda#' ; 橋本 > '#hashimoto#' ;"
    "阿部 > '#abe#' ; 安倍 > '#abe#' ; 石川 > '#ishikawa#' ; 山下 > '#yamashita#' ;"
    "中島 > '#nakajima#' ; 石井 > '#ishii#' ; 小川 > '#ogawa#' ; 前田 > '#maeda#' ;"
    "岡田 > '#okada#' ; 藤田 > '#fujita#' ; 後藤 > '#goto#' ; 近藤 > '#kondo#' ;"
    "村上 > '#murakami#' ; 遠藤 > '#endo#' ; 青木 > '#aoki#' ; 坂本 > '#sakamoto#' ;"
    "福田 > '#fukuda#' ; 太田 > '#ota#' ; 西村 > '#nishimura#' ; 藤井 > '#fujii#' ;"
    "金子 > '#kaneko#' ; 岡本 > '#okamoto#' ; 藤原 > '#fujiwara#' ; 中野 > '#nakano#' ;"
    "三浦 > '#miura#' ; 原田 > '#harada#' ; 中川 > '#nakagawa#' ; 松田 > '#matsuda#' ;"
    "竹内 > '#takeuchi#' ; 小野 > '#ono#' ; 田村 > '#tamura#' ; 中山 > '#nakayama#' ;"
    "和田 > '#wada#' ; 石田 > '#ishida#' ; 森田 > '#morita#' ; 上田 > '#ueda#' ;"
    "柴田 > '#shibata#' ; 酒井 > '#sakai#' ; 工藤 > '#kudo#' ; 横山 > '#yokoyama#' ;"
    "宮崎 > '#miyazaki#' ; 宮本 > '#miyamoto#' ; 内田 > '#uchida#' ; 高木 > '#takagi#' ;"
    "安藤 > '#ando#' ; 島田 > '#shimada#' ; 谷口 > '#taniguchi#' ; 大野 > '#ono#' ;"
    "高田 > '#takada#' ; 丸山 > '#maruyama#' ; 今井 > '#imai#' ; 河野 > '#kono#' ;"
    "藤本 > '#fujimoto#' ; 村田 > '#murata#' ; 武田 > '#takeda#' ; 上野 > '#ueno#' ;"
    "杉山 > '#sugiyama#' ; 増田 > '#masuda#' ; 小山 > '#koyama#' ; 大塚 > '#otsuka#' ;"
    "平野 > '#hirano#' ; 菅原 > '#sugawara#' ; 久保 > '#kubo#' ; 松井 > '#matsui#' ;"
    "千葉 > '#chiba#' ; 岩崎 > '#iwasaki#' ; 桜井 > '#sakurai#' ; 木下 > '#kinoshita#' ;"
    "野口 > '#noguchi#' ; 松尾 > '#matsuo#' ; 菊地 > '#kikuchi#' ; 野村 > '#nomura#' ;"
    "新井 > '#arai#' ; 岸田 > '#kishida#' ; 野田 > '#noda#' ; 麻生 > '#aso#' ;"
    "小泉 > '#koizumi#' ; 福島 > '#fukushima#' ; 鳩山 > '#hatoyama#' ;"
    "太郎 > '#taro#' ; 一郎 > '#ichiro#' ; 次郎 > '#jiro#' ; 三郎 > '#saburo#' ;"
    "健太 > '#kenta#' ; 翔太 > '#shota#' ; 大輔 > '#daisuke#' ; 拓也 > '#takuya#' ;"
    "直樹 > '#naoki#' ; 花子 > '#hanako#' ; 陽子 > '#yoko#' ; 洋子 > '#yoko#' ;"
    "恵子 > '#keiko#' ; 幸子 > '#sachiko#' ; 裕子 > '#yuko#' ; 優子 > '#yuko#' ;"
    "美穂 > '#miho#' ; 明美 > '#akemi#' ; 智子 > '#tomoko#' ; 直美 > '#naomi#' ;"
    "結衣 > '#yui#' ; 陽菜 > '#hina#' ; 大翔 > '#hiroto#' ; 陽一 > '#yoichi#' ;"
    "健一 > '#kenichi#' ; 晋三 > '#shinzo#' ; 文雄 > '#fumio#' ; 太一 > '#taichi#' ;"
    "里佳 > '#rika#' ; 和子 > '#kazuko#' ; 春子 > '#haruko#' ; 秀樹 > '#hideki#' ;"
    "雅子 > '#masako#' ; 俊介 > '#shunsuke#' ; 康介 > '#kosuke#' ; 雄一 > '#yuichi#' ;"
    "浩二 > '#koji#' ; 真一 > '#shinichi#' ;"
    ":: Han-Latin ;";

static const char hangul_rules[] =
    "주식회사 > '#kk#' ; 유한회사 > '#ltd#' ;"
    ":: Hangul-Latin ;";

/* Hebrew: the readings English romanisations use (shin, tsadi, het),
 * geresh letters, a word-final he as a vowel, and the legal form. */
static const char hebrew_rules[] =
    "בע \\u0022 מ > '#ltd#' ; בע \\u05F4 מ > '#ltd#' ; בע \\u201D מ > '#ltd#' ;"
    "ג [\\u0027 \\u05F3] > j ; ז [\\u0027 \\u05F3] > zh ; צ [\\u0027 \\u05F3] > ch ;"
    "ץ [\\u0027 \\u05F3] > ch ; ת [\\u0027 \\u05F3] > th ;"
    "ש > sh ; צ > ts ; ץ > ts ; ח > kh ;"
    /* without vowel points, bet, kaf and pe inside a word are v, kh, f */
    "[[:Hebrew:][a-z]] { ב > v ; [[:Hebrew:][a-z]] { כ > kh ; [[:Hebrew:][a-z]] { פ > f ;"
    "ה } [^[:L:][:M:]] > e ; ה } $ > e ;"
    ":: Hebrew-Latin ;";

/* Arabic script: ta marbuta and letters of Persian and Urdu. */
static const char arabic_rules[] =
    "ة > a ; ۃ > a ; ٹ > t ; ڈ > d ; ڑ > r ; ں > n ; ے > e ; ھ > h ;"
    "پ > p ; چ > ch ; ژ > zh ; گ > g ; ک > k ; ی > y ;"
    ":: Arabic-Latin ;";

/* Khmer (ICU has no Khmer-Latin): consonants, vowel signs, diacritics. */
static const char khmer_rules[] =
    "ក > k ; ខ > kh ; គ > k ; ឃ > kh ; ង > ng ; ច > ch ; ឆ > chh ; ជ > ch ;"
    "ឈ > chh ; ញ > nh ; ដ > d ; ឋ > th ; ឌ > d ; ឍ > th ; ណ > n ; ត > t ;"
    "ថ > th ; ទ > t ; ធ > th ; ន > n ; ប > b ; ផ > ph ; ព > p ; ភ > ph ;"
    "ម > m ; យ > y ; រ > r ; ល > l ; វ > v ; ឝ > s ; ឞ > s ; ស > s ; ហ > h ;"
    "ឡ > l ; អ > ;"
    "ឥ > e ; ឦ > ei ; ឧ > u ; ឩ > u ; ឪ > ov ; ឫ > rue ; ឬ > rueu ; ឭ > lue ;"
    "ឮ > lueu ; ឯ > ae ; ឰ > ai ; ឱ > ao ; ឲ > ao ; ឳ > au ;"
    "ា > a ; ិ > i ; ី > i ; ឹ > oe ; ឺ > oe ; ុ > u ; ូ > u ; ួ > uo ;"
    "ើ > aeu ; ឿ > oea ; ៀ > ie ; េ > e ; ែ > ae ; ៃ > ai ; ោ > ao ; ៅ > au ;"
    "ំ > m ; ះ > h ; [ៈ៉៊់៌៍៎៏័៑្៓] > ;";

static const char armenian_rules[] =
    "սպը > '#llc#' ; :: Armenian-Latin/BGN ;";

static const char georgian_rules[] =
    "შპს > '#llc#' ; :: Georgian-Latin/BGN ;";

static const char greek_rules[] = ":: Greek-Latin/UNGEGN ;";

static const char myanmar_rules[] =
    "ကုမ္ပဏီလီမိတက် > '#coltd#' ; ကုမ္ပဏီ > '#co#' ; :: Any-Latin ;";

static const char any_rules[] = ":: Any-Latin ;";

enum chain {
    CH_LATIN = 0, /* tail only */
    CH_CYRILLIC,
    CH_HAN,
    CH_HANGUL,
    CH_HEBREW,
    CH_ARABIC,
    CH_KHMER,
    CH_ARMENIAN,
    CH_GEORGIAN,
    CH_GREEK,
    CH_MYANMAR,
    CH_INDIC, /* Any-Latin, then inherent-vowel deletion */
    CH_ANY,
    CH_COUNT
};

static const char *const chain_rules[CH_COUNT] = {
    NULL, cyrillic_rules, han_rules, hangul_rules, hebrew_rules,
    arabic_rules, khmer_rules, armenian_rules, georgian_rules, greek_rules,
    myanmar_rules, any_rules, any_rules,
};

/* Work-buffer sizes, in UTF-16 units or bytes. */
#define WB_IN   (SANCTUM__NAME_MAX_INPUT + 16)
#define WB_FOLD (4 * SANCTUM__NAME_MAX_INPUT)
#define WB_RUN  (16 * SANCTUM__NAME_MAX_INPUT)
#define WB_ASC  (16 * SANCTUM__NAME_MAX_INPUT)

struct rawtok {
    char s[SANCTUM__TOKEN_MAX + 1]; /* the word */
    size_t len;                      /* its length */
    unsigned int flags;              /* SANCTUM__TOK_* plus RT_DROP */
    unsigned int gap_after;          /* G_* between this word and the next */
    int depth;                       /* bracket depth */
    int dotted;                      /* joined from dotted letters ("S.A.") */
};

struct toklist {
    struct rawtok t[2 * SANCTUM__NAME_MAX_TOKENS + 8];
    size_t n;      /* words found */
    int overflow;  /* more words than fit */
    uint16_t legal[SANCTUM__NAME_MAX_LEGAL]; /* legal_forms[] entries dropped */
    size_t nlegal;                           /* how many */
};

struct sanctum__normalizer {
    const UNormalizer2 *nfkc_cf;       /* NFKC + case fold (ICU singleton) */
    UTransliterator *chain[CH_COUNT];  /* per-script chains, built when first
                                          needed; [CH_LATIN] unused */
    UTransliterator *tail;             /* diacritics off, Latin-ASCII */
    UChar in[WB_IN];                   /* input as UTF-16 */
    UChar fold[WB_FOLD];               /* after NFKC_Casefold */
    UChar run[WB_RUN];                 /* one script run being transliterated */
    char asc[WB_ASC];                  /* ASCII result of all runs */
    uint16_t aflag[WB_ASC];            /* origin flags per asc byte */
    char (*country)[24];               /* sorted one-word country names */
    size_t ncountry;                   /* entries in country */
    size_t alen;                       /* bytes used in asc */
    size_t run_used;                   /* high-water mark of run, to wipe */
    int foreign;                       /* a middle dot: a foreign name in Han/kana */
    struct toklist *tl;                /* the words of the name being normalised:
                                          zero between calls (wiped after each) */
};

static UTransliterator *
open_rules(const char *rules, int *err)
{
    static const UChar id[] = { 's', 'a', 'n', 'c', 't', 'u', 'm', 0 };
    UChar buf[16384];
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    int32_t n = 0;
    UTransliterator *t;

    u_strFromUTF8(buf, (int32_t)(sizeof buf / sizeof buf[0]), &n, rules, -1, &st);
    if (U_FAILURE(st)) {
        *err = 1;
        return NULL;
    }
    t = utrans_openU(id, -1, UTRANS_FORWARD, buf, n, &pe, &st);
    if (U_FAILURE(st)) {
        *err = 1;
        return NULL;
    }
    return t;
}

static int build_countries(sanctum__normalizer *n);

int
sanctum__normalizer_new(sanctum__normalizer **out)
{
    sanctum__normalizer *n;
    UErrorCode st = U_ZERO_ERROR;
    int err = 0, rc = 0;

    *out = NULL;
    n = calloc(1, sizeof *n);
    if (n == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "normaliser: out of memory");
    n->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st)) {
        rc = sanctum__err(SANCTUM_ERROR, "normaliser: ICU NFKC_Casefold data missing (%s)",
                          u_errorName(st));
        goto done;
    }
    /* The script chains wait for a name in their script: building them
     * all took ~190 ms in a fresh process (Han-Latin alone ~100 ms), paid
     * by every tool run that touched a name, most of them Latin only. */
    n->tail = open_rules(TAIL_RULES, &err);
    if (err) {
        rc = sanctum__err(SANCTUM_ERROR, "normaliser: cannot build ICU Latin-ASCII chain");
        goto done;
    }
    if ((rc = build_countries(n)) < 0)
        goto done;
    *out = n;
    n = NULL;
done:
    sanctum__normalizer_free(n);
    return rc;
}

void
sanctum__normalizer_free(sanctum__normalizer *n)
{
    int i;

    if (n == NULL)
        return;
    for (i = 0; i < CH_COUNT; i++)
        if (n->chain[i] != NULL)
            utrans_close(n->chain[i]);
    if (n->tail != NULL)
        utrans_close(n->tail);
    free(n->country);
    if (n->tl != NULL) {
        sodium_memzero(n->tl, sizeof *n->tl);
        free(n->tl);
    }
    sodium_memzero(n, sizeof *n);
    free(n);
}

/* ------------------------------------------------------------------ */
/* Script runs.                                                        */

/* Origin flags of asc bytes (a superset of the token flags). */
#define ORIG_TRANSLIT SANCTUM__TOK_TRANSLIT
#define ORIG_NOVOWEL  SANCTUM__TOK_NOVOWEL
#define ORIG_LOSSY    SANCTUM__TOK_LOSSY

static enum chain
chain_for(UScriptCode sc, uint16_t *oflags)
{
    *oflags = ORIG_TRANSLIT;
    switch (sc) {
    case USCRIPT_LATIN:
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
        *oflags = 0;
        return CH_LATIN;
    case USCRIPT_CYRILLIC:
        return CH_CYRILLIC;
    case USCRIPT_HAN:
        *oflags |= ORIG_LOSSY;
        return CH_HAN;
    case USCRIPT_HANGUL:
        *oflags |= ORIG_LOSSY;
        return CH_HANGUL;
    case USCRIPT_KATAKANA:
    case USCRIPT_HIRAGANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
        *oflags |= ORIG_LOSSY;
        return CH_ANY;
    case USCRIPT_HEBREW:
        *oflags |= ORIG_NOVOWEL;
        return CH_HEBREW;
    case USCRIPT_ARABIC:
        *oflags |= ORIG_NOVOWEL;
        return CH_ARABIC;
    case USCRIPT_SYRIAC:
    case USCRIPT_THAANA:
        *oflags |= ORIG_NOVOWEL;
        return CH_ANY;
    case USCRIPT_KHMER:
        *oflags |= ORIG_LOSSY;
        return CH_KHMER;
    case USCRIPT_ARMENIAN:
        return CH_ARMENIAN;
    case USCRIPT_GEORGIAN:
        return CH_GEORGIAN;
    case USCRIPT_GREEK:
        return CH_GREEK;
    case USCRIPT_MYANMAR:
        *oflags |= ORIG_LOSSY;
        return CH_MYANMAR;
    case USCRIPT_DEVANAGARI:
    case USCRIPT_BENGALI:
    case USCRIPT_GURMUKHI:
    case USCRIPT_GUJARATI:
    case USCRIPT_ORIYA:
        return CH_INDIC;
    default:
        return CH_ANY;
    }
}

/* Korean family names: conventional romanisations (two-syllable ones first). */
static const struct {
    const char *hangul;
    const char *latin;
} korean_surnames[] = {
    { "남궁", "namgung" }, { "황보", "hwangbo" }, { "선우", "sunwoo" },
    { "제갈", "jegal" }, { "독고", "dokgo" }, { "사공", "sagong" }, { "서문", "seomun" },
    { "김", "kim" }, { "이", "lee" }, { "리", "ri" }, { "박", "park" }, { "최", "choi" },
    { "정", "jung" }, { "강", "kang" }, { "조", "cho" }, { "윤", "yoon" }, { "장", "jang" },
    { "임", "lim" }, { "림", "rim" }, { "한", "han" }, { "오", "oh" }, { "서", "seo" },
    { "신", "shin" }, { "권", "kwon" }, { "황", "hwang" }, { "안", "ahn" }, { "송", "song" },
    { "류", "ryu" }, { "유", "yoo" }, { "전", "jeon" }, { "홍", "hong" }, { "고", "ko" },
    { "문", "moon" }, { "양", "yang" }, { "손", "son" }, { "배", "bae" }, { "백", "baek" },
    { "허", "heo" }, { "남", "nam" }, { "심", "shim" }, { "노", "noh" }, { "로", "ro" },
    { "하", "ha" }, { "곽", "kwak" }, { "성", "sung" }, { "차", "cha" }, { "주", "joo" },
    { "우", "woo" }, { "구", "koo" }, { "민", "min" }, { "나", "na" }, { "라", "ra" },
    { "진", "jin" }, { "지", "ji" }, { "엄", "um" }, { "채", "chae" }, { "원", "won" },
    { "천", "chun" }, { "방", "bang" }, { "공", "kong" }, { "현", "hyun" }, { "함", "ham" },
    { "변", "byun" }, { "염", "yeom" }, { "여", "yeo" }, { "추", "choo" }, { "도", "do" },
    { "소", "so" }, { "석", "seok" }, { "선", "sun" }, { "설", "seol" }, { "마", "ma" },
    { "길", "gil" }, { "연", "yeon" }, { "위", "wi" }, { "표", "pyo" }, { "명", "myung" },
    { "기", "ki" }, { "반", "ban" }, { "왕", "wang" }, { "금", "keum" }, { "옥", "ok" },
    { "육", "yook" }, { "인", "in" }, { "맹", "maeng" }, { "제", "je" }, { "모", "mo" },
    { "탁", "tak" }, { "국", "kook" }, { "편", "pyun" }, { "용", "yong" }, { "경", "kyung" },
    { "봉", "bong" }, { "태", "tae" }, { "피", "pi" }, { "동", "dong" }, { "호", "ho" },
    { "승", "seung" }, { "상", "sang" }, { "창", "chang" }, { "순", "soon" },
};

/* Append ASCII bytes with origin flags; non-ASCII bytes become spaces. */
static int
asc_put(sanctum__normalizer *n, const char *s, size_t len, uint16_t of)
{
    size_t i;

    if (n->alen + len >= WB_ASC)
        return sanctum__err(SANCTUM_EINVAL, "name: too long after transliteration");
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        n->asc[n->alen] = (char)(c < 0x80 ? c : ' ');
        n->aflag[n->alen] = of;
        n->alen++;
    }
    return 0;
}

/* Append UTF-16 text that should now be ASCII (after the tail). Modifier
 * letters and apostrophe-like marks become "'" (deleted inside words);
 * anything still not ASCII becomes a space. */
static int
asc_put16(sanctum__normalizer *n, const UChar *s, int32_t len, uint16_t of)
{
    int32_t i = 0;

    while (i < len) {
        UChar32 c;
        char b;

        U16_NEXT(s, i, len, c);
        if (c < 0x80)
            b = (char)c;
        else if ((c >= 0x02B0 && c <= 0x02FF) || c == 0x2018 || c == 0x2019 || c == 0x201B
                 || c == 0x05F3 || c == 0x0060 || c == 0x00B4)
            b = '\'';
        else
            b = ' ';
        if (n->alen + 1 >= WB_ASC)
            return sanctum__err(SANCTUM_EINVAL, "name: too long after transliteration");
        n->asc[n->alen] = b;
        n->aflag[n->alen] = of;
        n->alen++;
    }
    return 0;
}

/* Run transliterator t over run[0..*len) in place. */
static int
translit(sanctum__normalizer *n, UTransliterator *t, int32_t *len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t limit = *len;

    utrans_transUChars(t, n->run, len, WB_RUN, 0, &limit, &st);
    if ((size_t)*len > n->run_used)
        n->run_used = (size_t)*len;
    if (st == U_BUFFER_OVERFLOW_ERROR)
        return sanctum__err(SANCTUM_EINVAL, "name: too long after transliteration");
    if (U_FAILURE(st))
        return sanctum__err(SANCTUM_ERROR, "name: ICU transliteration failed (%s)",
                            u_errorName(st));
    *len = limit;
    return 0;
}

static int
ascii16(const UChar *s, int32_t len)
{
    for (int32_t i = 0; i < len; i++)
        if (s[i] >= 0x80)
            return 0;
    return 1;
}

static int
is_consonant16(UChar c)
{
    return c < 0x80 && isalpha(c) && strchr("aeiou", c) == NULL;
}

/* Hindi and related scripts write an inherent vowel that is not spoken at
 * the end of a word: "putina" -> "putin", "rajanikanta" -> "rajanikant".
 * Only an unmarked 'a' (the inherent vowel) after a consonant is dropped;
 * a written long vowel is 'ā' at this point and stays. */
static void
drop_inherent_vowel(UChar *s, int32_t *len)
{
    int32_t i, o = 0, word = 0;

    for (i = 0; i < *len; i++) {
        int end = (i + 1 == *len) || !u_isalpha(s[i + 1]);

        if (u_isalpha(s[i]) || u_getCombiningClass(s[i]) != 0)
            word++;
        else
            word = 0;
        if (s[i] == 'a' && end && word >= 4 && i > 0 && is_consonant16(s[i - 1]))
            continue;
        s[o++] = s[i];
    }
    *len = o;
}

/* Korean given names: Revised Romanisation "eo"/"eu" are written "o"/"u"
 * in the romanisations most lists carry (Jong Un, Ji Sung). */
static void
hangul_vowels(char *s, size_t *len)
{
    size_t i, o = 0;

    for (i = 0; i < *len; i++) {
        if (s[i] == 'e' && i + 1 < *len && (s[i + 1] == 'o' || s[i + 1] == 'u'))
            continue;
        if (s[i] == '-')
            continue;
        s[o++] = s[i];
    }
    *len = o;
}

/* Han output: syllables are separated by spaces; '#' marks hard breaks.
 * Each group of syllables becomes one word, except that a group of two or
 * three syllables (a Chinese personal name) keeps the first (family name)
 * apart: "xi jin ping" -> "xi jinping", "can lan yuan yang" -> "canlanyuanyang". */
static size_t
han_group(char *s, size_t len, int foreign)
{
    char out[WB_ASC];
    size_t i = 0, o = 0;

    while (i < len) {
        size_t start, end, syl = 0, k;

        while (i < len && (s[i] == '#' || s[i] == ' '))
            i++;
        start = i;
        while (i < len && s[i] != '#')
            i++;
        end = i;
        while (end > start && s[end - 1] == ' ')
            end--;
        if (end == start)
            continue;
        for (k = start; k < end; k++)
            if (k == start || (s[k - 1] == ' ' && s[k] != ' '))
                syl++;
        if (o > 0)
            out[o++] = ' ';
        for (k = start; k < end; k++) {
            if (s[k] == ' ') {
                /* keep the space after the first syllable of a short name */
                if (!foreign && (syl == 2 || syl == 3) && k > start && s[k - 1] != ' '
                    && memchr(s + start, ' ', k - start) == NULL)
                    out[o++] = ' ';
                continue;
            }
            out[o++] = s[k];
        }
    }
    memcpy(s, out, o);
    return o;
}

/* The chain of script family ch (not CH_LATIN), built on first use. */
static int
chain_of(sanctum__normalizer *n, enum chain ch, UTransliterator **t)
{
    int err = 0;

    if (n->chain[ch] == NULL && (n->chain[ch] = open_rules(chain_rules[ch], &err)) == NULL)
        return sanctum__err(SANCTUM_ERROR, "normaliser: cannot build ICU transliterator %d",
                            (int)ch);
    *t = n->chain[ch];
    return 0;
}

/* Transliterate one run run[0..len) of script family ch and append. */
static int
emit_run(sanctum__normalizer *n, enum chain ch, int32_t len, uint16_t of,
         sanctum__name_kind kind)
{
    char tmp[WB_ASC];
    size_t tl = 0;
    int32_t i;
    int rc;

    if (ch == CH_HANGUL && (kind == SANCTUM__NAME_PERSON || kind == SANCTUM__NAME_ANY)) {
        /* A family name alone, or at the start of a 3-4 syllable word
         * (a full name written together), takes its usual romanisation. */
        size_t k;

        for (k = 0; k < sizeof korean_surnames / sizeof korean_surnames[0]; k++) {
            UChar h[4];
            int32_t hn = 0;
            UErrorCode st = U_ZERO_ERROR;

            u_strFromUTF8(h, 4, &hn, korean_surnames[k].hangul, -1, &st);
            if (U_FAILURE(st) || !(len == hn || (len >= hn + 2 && len <= 4)))
                continue;
            if (memcmp(n->run, h, (size_t)hn * sizeof(UChar)) == 0) {
                if ((rc = asc_put(n, " ", 1, of)) < 0
                    || (rc = asc_put(n, korean_surnames[k].latin,
                                     strlen(korean_surnames[k].latin), of)) < 0
                    || (rc = asc_put(n, " ", 1, of)) < 0)
                    return rc;
                memmove(n->run, n->run + hn, (size_t)(len - hn) * sizeof(UChar));
                len -= hn;
                break;
            }
        }
        if (len == 0)
            return 0;
    }
    if (ch == CH_HANGUL && (kind == SANCTUM__NAME_COMPANY || kind == SANCTUM__NAME_VESSEL)
        && 2 * len < WB_RUN) {
        /* Company names: one word per syllable, as for Han. */
        int32_t k;

        for (k = len - 1; k >= 0; k--) {
            n->run[2 * k] = n->run[k];
            n->run[2 * k + 1] = ' ';
        }
        len *= 2;
        if ((size_t)len > n->run_used)
            n->run_used = (size_t)len;
    }
    if (ch == CH_LATIN && ascii16(n->run, len))
        return asc_put16(n, n->run, len, of); /* the tail leaves ASCII as it is */
    if (ch != CH_LATIN) {
        UTransliterator *t = NULL;
        if ((rc = chain_of(n, ch, &t)) < 0 || (rc = translit(n, t, &len)) < 0)
            return rc;
    }
    if (ch == CH_INDIC)
        drop_inherent_vowel(n->run, &len);
    if ((rc = translit(n, n->tail, &len)) < 0)
        return rc;
    if (ch != CH_HAN && ch != CH_HANGUL)
        return asc_put16(n, n->run, len, of);

    /* Han and Hangul: post-process the ASCII form. */
    for (i = 0; i < len && tl < sizeof tmp - 1; i++)
        tmp[tl++] = n->run[i] < 0x80 ? (char)n->run[i] : ' ';
    if (ch == CH_HAN && kind != SANCTUM__NAME_COMPANY && kind != SANCTUM__NAME_VESSEL)
        tl = han_group(tmp, tl, n->foreign);
    else
        hangul_vowels(tmp, &tl);
    for (i = 0; (size_t)i < tl; i++)
        if (tmp[i] == '#')
            tmp[i] = ' ';
    /* keep the run apart from its neighbours */
    if ((rc = asc_put(n, " ", 1, of)) < 0 || (rc = asc_put(n, tmp, tl, of)) < 0)
        return rc;
    return asc_put(n, " ", 1, of);
}

/* Script of c for run splitting: Common/Inherited letters and marks join
 * the run they are in (prolonged sound mark, combining accents); Common
 * punctuation, spaces and digits are runs of their own (Latin chain). */
static UScriptCode
run_script(UChar32 c, UScriptCode current)
{
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);

    if (U_FAILURE(st))
        return USCRIPT_COMMON;
    if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA)
        return USCRIPT_KATAKANA; /* one run for kana */
    if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) {
        int8_t t = u_charType(c);

        if (current != USCRIPT_COMMON
            && (t == U_MODIFIER_LETTER || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK
                || t == U_ENCLOSING_MARK || c == 0x200C || c == 0x200D))
            return current;
        return USCRIPT_COMMON;
    }
    return sc;
}

/* The Hebrew legal form is written with a gershayim between its letters
 * (ba'am), which splits it into runs: replace it by ASCII beforehand. */
static void
hebrew_ltd(UChar *s, int32_t *len)
{
    int32_t i;

    for (i = 0; i + 3 < *len; i++) {
        if (s[i] == 0x05D1 && s[i + 1] == 0x05E2
            && (s[i + 2] == 0x0022 || s[i + 2] == 0x05F4 || s[i + 2] == 0x201D)
            && s[i + 3] == 0x05DE) {
            s[i] = ' ';
            s[i + 1] = 'l';
            s[i + 2] = 't';
            s[i + 3] = 'd';
        }
    }
}

/* fold[0..len) -> n->asc with origin flags. */
static int
transliterate_all(sanctum__normalizer *n, int32_t len, sanctum__name_kind kind)
{
    int32_t i = 0;
    int rc;

    n->alen = 0;
    n->foreign = 0;
    hebrew_ltd(n->fold, &len);
    for (i = 0; i < len; i++)
        if (n->fold[i] == 0x00B7 || n->fold[i] == 0x30FB || n->fold[i] == 0x2027)
            n->foreign = 1;
    i = 0;
    while (i < len) {
        int32_t start = i, next;
        UChar32 c;
        UScriptCode sc;
        enum chain ch;
        uint16_t of;

        U16_NEXT(n->fold, i, len, c);
        sc = run_script(c, USCRIPT_COMMON);
        for (next = i; next < len;) {
            int32_t j = next;
            UChar32 d;

            U16_NEXT(n->fold, j, len, d);
            if (run_script(d, sc) != sc)
                break;
            next = j;
        }
        i = next;
        ch = chain_for(sc, &of);
        if (i - start >= WB_RUN / 4)
            return sanctum__err(SANCTUM_EINVAL, "name: too long after normalisation");
        memcpy(n->run, n->fold + start, (size_t)(i - start) * sizeof(UChar));
        if ((size_t)(i - start) > n->run_used)
            n->run_used = (size_t)(i - start);
        if ((rc = emit_run(n, ch, i - start, of, kind)) < 0)
            return rc;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Word lists. All entries are in normalised form (ASCII lower case,   */
/* dotted abbreviations joined: "S.A." is "sa").                       */

/* Titles and honorifics dropped from names of people. */
static const char *const honorifics_person[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
    "sheikh", "shaikh", "sheik", "shaykh", "cheikh", "shekh", "haji", "hajji", "hadji",
    "hajj", "alhaj", "alhaji", "alhadji", "alhajj", "mullah", "mulla", "mollah",
    "maulvi", "maulavi", "mawlawi", "mawlavi", "moulvi", "molvi", "maulana", "mawlana",
    "moulana", "qari", "gen", "general", "col", "colonel", "lt", "ltcol", "lieutenant",
    "maj", "major", "capt", "captain", "cpt", "sgt", "sergeant", "brig", "brigadier",
    "adm", "admiral", "cmdr", "commander", "marshal", "rev", "reverend", "fr", "hon",
    "honorable", "honourable", "messrs", "mme", "mlle", "mister", "herr", "frau",
    "president", "presidente", "prasident", "presiden", "prezident", "predsjednik",
    "presedintele", "elnok", "prezydent", "prezidents", "prezidentas", "presidentti",
    "eng", "engr", "engineer", "dato", "datuk", "datin", "shri", "sri", "smt",
    "ayatollah", "hojatoleslam", "excellency", "ustaz", "ustadh", NULL
};
/* Titles dropped from company and vessel names. */
static const char *const honorifics_org[] = {
    "messrs", "mr", "mrs", "dr", "ms", NULL
};
/* Generational suffixes, dropped at the end of a person's name. */
static const char *const generational[] = {
    "jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv", NULL
};
/* Name particles: optional when matching. */
static const char *const particles[] = {
    "al", "el", "ul", "ur", "bin", "ibn", "bint", "binti", "bte", "ben", "abu", "abou",
    "van", "der", "den", "de", "da", "di", "du", "des", "del", "della", "dei", "delle",
    "dos", "das", "do", "la", "le", "lo", "von", "zu", "ter", "ten", "op", "ould", "wa",
    "et", "and", "und", "of", "the", "d", "l", NULL
};
/* Arabic assimilated articles, particles only when hyphenated ("ad-Din"). */
static const char *const sun_articles[] = {
    "ad", "as", "at", "an", "ar", "az", "ash", "adh", "ath", "ud", "us", "un", NULL
};
/* Conjunctions that are particles in company names only. */
static const char *const particles_org[] = { "e", "i", "y", NULL };
/* Vessel prefixes, dropped as the first word. */
static const char *const vessel_prefixes[] = {
    "mv", "mt", "ss", "msv", "tb", "nm", "fv", "rv", "sv", "ms", "mts", "mvs", "my",
    "lpg", "lng", NULL
};
/* Words that introduce a former name or alias: what follows is annotation. */
static const char *const alias_words[] = {
    "ex", "formerly", "fka", "aka", "nka", "previously", "vormals", NULL
};
/* Company abbreviations with a spelled-out form. */
static const struct {
    const char *abbr;
    const char *full;
} expansions[] = {
    { "bros", "brothers" }, { "intl", "international" }, { "svcs", "services" },
    { "svc", "services" }, { "servs", "services" }, { "mfg", "manufacturing" },
    { "mfrs", "manufacturers" }, { "mgmt", "management" }, { "mngt", "management" },
    { "engg", "engineering" }, { "natl", "national" }, { "hldgs", "holdings" },
    { "grp", "group" }, { "flli", "fratelli" }, { "assoc", "associates" },
    { "assocs", "associates" }, { "ind", "industria" }, { "industries", "industria" },
    { "industry", "industria" }, { "industrie", "industria" }, { "industrias", "industria" },
    { "cie", "compagnie" },
};
static const char *const number_words[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen", "twenty", NULL
};

/*
 * Company legal forms, with the jurisdictions that use them (ISO 3166
 * codes, or "*" for words used everywhere) for sanctum__legal_conflict().
 * LF_STRONG: unambiguous, also dropped from a name of unknown kind
 * wherever it is (otherwise, for unknown kind, only as first or last
 * word). LF_GENERIC: the English rendering lists give any national form
 * (OU, TOV and Sp. z o.o. appear as "Ltd" or "LLC"). LF_ENGLISH: a form
 * native to English-speaking jurisdictions, never a translation.
 */
#define LF_STRONG  1
#define LF_GENERIC 2
#define LF_ENGLISH 4
#define C_LTD "gb ie hk in ke ng nz za au sg my mt cy tz ug zm zw gh jm bs bb bm vg ky im " \
              "je gg gi mu sc pk bd lk np mm th cn tw jp kr vn il lr"
#define C_INC "us ca ph lr pa mh bs"
#define C_SA  "fr be lu ch es pt pl gr ar pe cl uy ec pa co ve bo py do gt hn sv ni cr mx br ma " \
              "tn dz sn ci cm ga cd cg mg bf ml ne tg bj gn ht"
#define C_GM  "de at ch li lu"
#define C_RU  "ru by kz kg tj uz am az md"
#define C_UA  "ua by"
#define C_YU  "si hr rs ba me mk bg"
static const struct {
    const char *words;     /* normalised words of the form */
    int flags;             /* LF_* */
    const char *countries; /* where it is used */
} legal_forms[] = {
    { "spolka z ograniczona odpowiedzialnoscia", LF_STRONG, "pl" },
    { "spolka komandytowo akcyjna", LF_STRONG, "pl" },
    { "korlatolt felelossegu tarsasag", LF_STRONG, "hu" },
    { "limited liability partnership", LF_STRONG | LF_GENERIC, C_LTD " us" },
    { "limited liability company", LF_STRONG | LF_GENERIC, "us ae om qa" },
    { "public limited company", LF_STRONG | LF_GENERIC, C_LTD },
    { "private limited company", LF_STRONG | LF_GENERIC, C_LTD },
    { "s de rl de cv", LF_STRONG, "mx" },
    { "spolka komandytowa", LF_STRONG, "pl" },
    { "commanditaire vennootschap", LF_STRONG, "nl be id" },
    { "perseroan terbatas", LF_STRONG, "id" },
    { "sendirian berhad", LF_STRONG, "my bn" },
    { "kabushiki kaisha", LF_STRONG, "jp" },
    { "yugen kaisha", LF_STRONG, "jp" },
    { "godo kaisha", LF_STRONG, "jp" },
    { "joint stock company", LF_STRONG | LF_GENERIC, C_RU " ua vn" },
    { "limited partnership", LF_STRONG | LF_GENERIC, C_LTD " us" },
    { "company limited", LF_STRONG | LF_GENERIC, "*" },
    { "spolka jawna", LF_STRONG, "pl" },
    { "private limited", LF_STRONG | LF_ENGLISH, "in pk lk bd np" },
    { "sa de cv", LF_STRONG, "mx" },
    { "gmbh co kg", LF_STRONG, C_GM },
    { "spol s r o", LF_STRONG, "cz sk" },
    { "sp z oo", LF_STRONG, "pl" },
    { "sp z o o", LF_STRONG, "pl" },
    { "s de rl", LF_STRONG, "mx" },
    { "pvt ltd", LF_STRONG | LF_ENGLISH, "in pk lk bd np" },
    { "pte ltd", LF_STRONG | LF_ENGLISH, "sg" },
    { "pty ltd", LF_STRONG | LF_ENGLISH, "au za" },
    { "co ltd", LF_STRONG | LF_GENERIC, "*" },
    { "ltd sti", LF_STRONG, "tr" },
    { "sdn bhd", LF_STRONG, "my bn" },
    { "fz llc", LF_STRONG, "ae" },
    { "de cv", 0, "mx" },
    { "sp j", 0, "pl" }, { "sp k", 0, "pl" }, { "s k a", 0, "pl" },
    { "d o o", 0, C_YU }, { "d d", 0, C_YU }, { "s a", 0, C_SA }, { "s l", 0, "es" },
    { "s r l", 0, "it ro md" }, { "s p a", 0, "it" }, { "s n c", 0, "it fr" },
    { "s a s", 0, "it fr co" }, { "a s", 0, "no dk ee lv cz sk tr" }, { "b v", 0, "nl be" },
    { "n v", 0, "nl be sr cw" }, { "k k", 0, "jp" }, { "s r o", 0, "cz sk" },
    { "limited", LF_STRONG | LF_GENERIC, C_LTD }, { "ltd", LF_STRONG | LF_GENERIC, C_LTD },
    { "llc", LF_STRONG | LF_GENERIC, "us ae om qa" }, { "pllc", LF_STRONG, "us" },
    { "llp", LF_STRONG | LF_GENERIC, C_LTD " us" }, { "plc", LF_STRONG | LF_GENERIC, C_LTD },
    { "inc", LF_STRONG | LF_ENGLISH, C_INC }, { "incorporated", LF_STRONG | LF_ENGLISH, C_INC },
    { "corp", LF_STRONG | LF_ENGLISH, C_INC }, { "corporation", LF_STRONG | LF_ENGLISH, C_INC },
    { "gmbh", LF_STRONG, C_GM }, { "kgaa", LF_STRONG, "de" },
    { "ooo", LF_STRONG, C_RU }, { "oao", LF_STRONG, C_RU }, { "zao", LF_STRONG, C_RU },
    { "pao", LF_STRONG, C_RU }, { "ojsc", LF_STRONG | LF_GENERIC, C_RU " ua" },
    { "cjsc", LF_STRONG | LF_GENERIC, C_RU " ua" }, { "pjsc", LF_STRONG | LF_GENERIC, C_RU " ua" },
    { "jsc", LF_STRONG | LF_GENERIC, C_RU " ua vn" },
    { "sarl", LF_STRONG, C_SA }, { "suarl", LF_STRONG, C_SA }, { "eurl", LF_STRONG, "fr" },
    { "sprl", LF_STRONG, "be" }, { "bvba", LF_STRONG, "be" },
    { "fze", LF_STRONG, "ae" }, { "fzco", LF_STRONG, "ae" }, { "fzc", LF_STRONG, "ae" },
    { "fzllc", LF_STRONG, "ae" }, { "ltda", LF_STRONG, "br pt co ec cl bo" },
    { "bhd", LF_STRONG, "my bn" }, { "berhad", LF_STRONG, "my bn" },
    { "coltd", LF_STRONG | LF_GENERIC, "*" },
    { "kabushikigaisha", LF_STRONG, "jp" }, { "jusikhoesa", LF_STRONG, "kr" },
    { "jusighoesa", LF_STRONG, "kr" }, { "kumpanelemitaat", LF_STRONG, "mm" },
    { "shps", LF_STRONG, "ge" }, { "tov", LF_STRONG, C_UA }, { "prat", LF_STRONG, C_UA },
    { "dooel", LF_STRONG, "mk" }, { "eood", LF_STRONG, "bg" }, { "eireli", LF_STRONG, "br" },
    { "company", LF_GENERIC, "*" }, { "compania", LF_GENERIC, "*" },
    { "compagnie", LF_GENERIC, "*" }, { "companhia", LF_GENERIC, "*" },
    { "cia", LF_GENERIC, "*" }, { "co", LF_GENERIC, "*" },
    { "sdn", 0, "my bn" }, { "pte", LF_ENGLISH, "sg" }, { "pty", LF_ENGLISH, "au za" },
    { "pvt", LF_ENGLISH, "in pk lk bd np" }, { "private", LF_ENGLISH, "in pk lk bd np" },
    { "spa", 0, "it" }, { "srl", 0, "it ro md" }, { "snc", 0, "it fr" }, { "sas", 0, "it fr co" },
    { "sa", 0, C_SA }, { "sac", 0, "pe" }, { "saa", 0, "pe" }, { "sl", 0, "es" },
    { "slu", 0, "es" }, { "sau", 0, "es" }, { "ag", 0, C_GM }, { "kg", 0, C_GM },
    { "ab", 0, "se fi" }, { "as", 0, "no dk ee lv cz sk tr" }, { "asa", 0, "no" },
    { "aps", 0, "dk" }, { "oy", 0, "fi" }, { "oyj", 0, "fi" }, { "ou", 0, "ee" },
    { "uab", 0, "lt" }, { "ad", 0, C_YU }, { "dd", 0, C_YU }, { "doo", 0, C_YU },
    { "ood", 0, "bg" }, { "ska", 0, "pl" }, { "kft", 0, "hu" }, { "zrt", 0, "hu" },
    { "nyrt", 0, "hu" }, { "bt", 0, "hu" }, { "sro", 0, "cz sk" }, { "bv", 0, "nl be" },
    { "nv", 0, "nl be sr cw" }, { "vof", 0, "nl" }, { "cv", 0, "nl be id" }, { "pt", 0, "id" },
    { "tbk", 0, "id" }, { "kk", 0, "jp" }, { "yk", 0, "jp" }, { "gk", 0, "jp" },
    { "sti", 0, "tr" }, { "fop", 0, C_UA }, { "ip", 0, C_RU }, { "pat", 0, C_UA },
    { "chao", 0, C_UA }, { "ao", 0, C_RU }, { "zat", 0, C_UA }, { "vat", 0, C_UA },
    { "ehf", 0, "is" }, { "hf", 0, "is" }, { "se", 0, "*" }, { "sca", 0, "fr be lu" },
    { "scs", 0, "fr be co" }, { "gie", 0, "fr sn ci ml bf" }, { "sci", 0, "fr" },
    { "eirl", 0, "fr pe" }, { "ike", 0, "gr" }, { "ae", 0, "gr" }, { "sia", 0, "lv" },
    { "lp", LF_GENERIC, "us gb" }, { "pc", 0, "us" }, { "est", 0, "sa ae kw qa bh om jo" },
    { "ohg", 0, C_GM }, { "ug", 0, "de" }, { "eg", 0, "de" }, { "mb", 0, "lt" },
    { "spj", 0, "pl" }, { "spk", 0, "pl" }, { "sp", 0, "pl" },
    /* index rules 3: forms of the Balkans, the Gulf, Iran, Central Asia,
     * the Caucasus, Vietnam, Latin America and Portugal, found missing
     * when screening the demo's "Adriatic Marine Engines Sh.p.k." and
     * the OFAC list's entities (appended: the ids of older ones stay) */
    { "cong ty tnhh", LF_STRONG, "vn" }, { "cong ty co phan", LF_STRONG, "vn" },
    { "cong ty", LF_GENERIC, "vn" }, { "tnhh", LF_STRONG, "vn" },
    { "sh pk", LF_STRONG, "al xk" }, { "shpk", LF_STRONG, "al xk" }, { "sh a", 0, "al xk" },
    { "jdoo", LF_STRONG, "hr" }, { "srls", LF_STRONG, "it" }, { "s en c", 0, "co" },
    { "ca", 0, "ve ec" }, { "lda", LF_STRONG, "pt ao mz cv" }, { "ead", 0, "bg" },
    { "sae", 0, "eg" }, { "sal", 0, "lb" }, { "wll", LF_STRONG, "bh qa kw" },
    { "spc", 0, "om bh" }, { "kscc", LF_STRONG, "kw" }, { "kscp", LF_STRONG, "kw" },
    { "ksc", LF_STRONG, "kw" }, { "saog", LF_STRONG, "om" }, { "saoc", LF_STRONG, "om" },
    { "qsc", LF_STRONG, "qa az" }, { "qpsc", LF_STRONG, "qa" }, { "bsc", 0, "bh" },
    { "psc", 0, "ae jo" }, { "pjs", LF_STRONG, "ir" }, { "mmc", LF_STRONG, "az" },
    { "mchj", LF_STRONG, "uz" }, { "too", 0, "kz" },
    { "s de pr de rl de cv", LF_STRONG, "mx" }, { "s de pr de rl", LF_STRONG, "mx" },
    { "spr de rl de cv", LF_STRONG, "mx" }, { "spr de rl", LF_STRONG, "mx" },
    { "sc de rl de cv", LF_STRONG, "mx" }, { "sapi de cv", LF_STRONG, "mx" },
    { "s c s", 0, "co" }, { "eu", 0, "co" },
};

/* The word lists above as sets: one hash probe per word looked up (the
 * lists are consulted a dozen times per name). */
enum word_list {
    W_HONOR_PERSON, W_HONOR_ORG, W_GENERATIONAL, W_PARTICLES, W_SUN_ARTICLES,
    W_PARTICLES_ORG, W_VESSEL_PREFIXES, W_ALIAS_WORDS, W_LEGAL_FORMS, W_LEGAL_FIRST, W_COUNT
};
static sanctum__wordset word_sets[W_COUNT];

#define N_LEGAL (sizeof legal_forms / sizeof legal_forms[0])
/* The first word of each legal form: a word that is none of them starts
 * no form, and the scan of all the forms is skipped for it. */
static char legal_first[N_LEGAL][32];
static const char *legal_first_p[N_LEGAL];

static void
word_sets_build(void)
{
    static const char *const *const lists[W_LEGAL_FORMS] = {
        honorifics_person, honorifics_org, generational, particles, sun_articles,
        particles_org, vessel_prefixes, alias_words,
    };

    for (int i = 0; i < W_LEGAL_FORMS; i++)
        sanctum__wordset_add(&word_sets[i], lists[i], sizeof(char *), 0);
    sanctum__wordset_add(&word_sets[W_LEGAL_FORMS], &legal_forms[0].words,
                         sizeof legal_forms[0], N_LEGAL);
    for (size_t f = 0; f < N_LEGAL; f++) {
        size_t l = strcspn(legal_forms[f].words, " ");
        if (l >= sizeof legal_first[0])
            abort(); /* the table is fixed: a word this long is a programming error */
        memcpy(legal_first[f], legal_forms[f].words, l);
        legal_first[f][l] = '\0';
        legal_first_p[f] = legal_first[f];
    }
    sanctum__wordset_add(&word_sets[W_LEGAL_FIRST], legal_first_p, sizeof legal_first_p[0],
                         N_LEGAL);
}

/* Is `s` one of the words of list `which`? */
static int
in_words(enum word_list which, const char *s)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, word_sets_build);
    return sanctum__wordset_has(&word_sets[which], s);
}

/* ------------------------------------------------------------------ */
/* Country names (for company names: "Polska", "(UK)", "de Mexico").    */

static int
country_cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Fold a display name to ASCII lower case; 1 if it is one plain word. */
static int
country_word(sanctum__normalizer *n, const UChar *name, int32_t len, char out[24])
{
    int32_t k;

    if (len <= 0 || len >= 24 || len > WB_RUN / 2)
        return 0;
    memcpy(n->run, name, (size_t)len * sizeof(UChar));
    if (translit(n, n->tail, &len) < 0 || len <= 1 || len >= 24)
        return 0;
    for (k = 0; k < len; k++) {
        UChar c = n->run[k];

        if (c >= 'A' && c <= 'Z')
            c = (UChar)(c - 'A' + 'a');
        if (c < 'a' || c > 'z')
            return 0;
        out[k] = (char)c;
    }
    out[len] = '\0';
    return 1;
}

static int
build_countries(sanctum__normalizer *n)
{
    static const char *const extra[] = {
        "uk", "usa", "uae", "england", "scotland", "wales", "holland", "korea", "prc",
        "hongkong", NULL
    };
    const char *const *iso = uloc_getISOCountries();
    size_t cap = 1024, k;

    n->country = calloc(cap, sizeof *n->country);
    if (n->country == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "normaliser: out of memory");
    for (; iso != NULL && *iso != NULL && n->ncountry + 2 < cap; iso++) {
        char loc[16], likely[64];
        UChar dn[64];
        UErrorCode st = U_ZERO_ERROR;
        int32_t l;

        snprintf(loc, sizeof loc, "und_%s", *iso);
        l = uloc_getDisplayCountry(loc, "en", dn, 64, &st);
        if (U_SUCCESS(st) && country_word(n, dn, l, n->country[n->ncountry]))
            n->ncountry++;
        st = U_ZERO_ERROR;
        uloc_addLikelySubtags(loc, likely, sizeof likely, &st);
        if (U_FAILURE(st))
            continue;
        l = uloc_getDisplayCountry(loc, likely, dn, 64, &st);
        if (U_SUCCESS(st) && country_word(n, dn, l, n->country[n->ncountry]))
            n->ncountry++;
    }
    for (k = 0; extra[k] != NULL && n->ncountry < cap; k++)
        snprintf(n->country[n->ncountry++], 24, "%s", extra[k]);
    sodium_memzero(n->run, sizeof n->run);
    qsort(n->country, n->ncountry, sizeof *n->country, country_cmp);
    return 0;
}

static int
is_country(const sanctum__normalizer *n, const char *s)
{
    return strlen(s) < 24
           && bsearch(s, n->country, n->ncountry, sizeof *n->country, country_cmp) != NULL;
}

/* ------------------------------------------------------------------ */
/* Tokens.                                                             */

/* Gap (separator) kinds between raw tokens. */
enum {
    G_SPACE = 1 << 0, G_DOT = 1 << 1, G_SLASH = 1 << 2, G_HYPHEN = 1 << 3,
    G_COMMA = 1 << 4, G_COLON = 1 << 5, G_OPEN = 1 << 6, G_CLOSE = 1 << 7,
    G_OTHER = 1 << 8
};

/* Word states during classification. */
#define RT_DROP  (1u << 16) /* removed (noise) */
#define RT_TITLE (1u << 17) /* removed as a title or vessel prefix (see keep_code_prefix) */

static unsigned int
gap_class(char c)
{
    switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
        return G_SPACE;
    case '.':
        return G_DOT;
    case '/': case '\\':
        return G_SLASH;
    case '-': case '_':
        return G_HYPHEN;
    case ',': case ';':
        return G_COMMA;
    case ':':
        return G_COLON;
    case '(': case '[': case '{':
        return G_OPEN;
    case ')': case ']': case '}':
        return G_CLOSE;
    default:
        return G_OTHER;
    }
}

/* Split asc into words of [a-z0-9]; apostrophes are dropped inside words,
 * except the elisions d' and l' ("d'Arachide"), which split. */
static void
split_words(const sanctum__normalizer *n, struct toklist *tl)
{
    size_t i;
    int depth = 0;
    struct rawtok *cur = NULL;
    unsigned int gap = 0;

    tl->n = 0;
    tl->overflow = 0;
    for (i = 0; i < n->alen; i++) {
        char c = (char)tolower((unsigned char)n->asc[i]);

        if (isalnum((unsigned char)c)) {
            if (cur == NULL) {
                if (tl->n > 0)
                    tl->t[tl->n - 1].gap_after = gap;
                if (tl->n == sizeof tl->t / sizeof tl->t[0]) {
                    tl->overflow = 1;
                    return;
                }
                cur = &tl->t[tl->n++];
                memset(cur, 0, sizeof *cur);
                cur->depth = depth;
                gap = 0;
            }
            if (cur->len < SANCTUM__TOKEN_MAX)
                cur->s[cur->len++] = c;
            cur->flags |= n->aflag[i] & (SANCTUM__TOK_TRANSLIT | SANCTUM__TOK_NOVOWEL
                                         | SANCTUM__TOK_LOSSY);
            continue;
        }
        if (c == '\'') {
            if (cur != NULL && cur->len == 1 && (cur->s[0] == 'd' || cur->s[0] == 'l')
                && i + 1 < n->alen && isalpha((unsigned char)n->asc[i + 1])) {
                cur = NULL;
                gap = G_SPACE;
            }
            continue;
        }
        if (cur != NULL)
            cur = NULL;
        gap |= gap_class(c);
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if ((c == ')' || c == ']' || c == '}') && depth > 0)
            depth--;
    }
    if (tl->n > 0)
        tl->t[tl->n - 1].gap_after = gap;
}

static int
all_alpha(const char *s)
{
    for (; *s; s++)
        if (!isalpha((unsigned char)*s))
            return 0;
    return 1;
}

static int
all_digit(const char *s)
{
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

static void
tl_remove(struct toklist *tl, size_t k)
{
    memmove(&tl->t[k], &tl->t[k + 1], (tl->n - k - 1) * sizeof tl->t[0]);
    tl->n--;
}

static int
is_legal_single(const char *s)
{
    return in_words(W_LEGAL_FORMS, s);
}

/*
 * Join dotted or slashed single letters written without spaces: "S.A." ->
 * "sa", "M/V" -> "mv", "d.o.o." -> "doo", "F.lli" -> "flli". Not for
 * people (initials stay apart); for unknown kind only when the result is
 * a known legal form or vessel prefix. "c/o" starts an annotation.
 */
static void
join_abbreviations(struct toklist *tl, sanctum__name_kind kind, size_t *care_of)
{
    size_t k = 0;

    *care_of = (size_t)-1;
    if (kind == SANCTUM__NAME_PERSON)
        return;
    while (k + 1 < tl->n) {
        struct rawtok *a = &tl->t[k];
        size_t j = k, last_len = a->len;
        char joined[SANCTUM__TOKEN_MAX + 1];
        size_t jl = a->len;

        memcpy(joined, a->s, a->len);
        while (j + 1 < tl->n && last_len == 1 && isalpha((unsigned char)tl->t[j].s[0])
               && (tl->t[j].gap_after == G_DOT || tl->t[j].gap_after == G_SLASH)
               && tl->t[j + 1].len <= 3 && all_alpha(tl->t[j + 1].s)
               && jl + tl->t[j + 1].len <= SANCTUM__TOKEN_MAX) {
            memcpy(joined + jl, tl->t[j + 1].s, tl->t[j + 1].len);
            jl += tl->t[j + 1].len;
            last_len = tl->t[j + 1].len;
            j++;
        }
        joined[jl] = '\0';
        if (j > k) {
            int ok = kind != SANCTUM__NAME_ANY || is_legal_single(joined)
                     || in_words(W_VESSEL_PREFIXES, joined);

            if (strcmp(joined, "co") == 0 && tl->t[k].gap_after == G_SLASH) {
                *care_of = k;
                ok = 1;
            }
            if (ok) {
                unsigned int gap = tl->t[j].gap_after;

                memcpy(a->s, joined, jl + 1);
                a->len = jl;
                a->gap_after = gap;
                a->dotted = 1;
                while (j > k) {
                    tl_remove(tl, k + 1);
                    j--;
                }
            }
        }
        k++;
    }
}

/* Does the word sequence of legal form lf start at word k (not dropped)?
 * Returns the number of words matched, or 0. */
static size_t
match_words(const struct toklist *tl, size_t k, const char *words)
{
    size_t m = 0;
    const char *p = words;

    while (*p) {
        const char *e = strchr(p, ' ');
        size_t wl = e ? (size_t)(e - p) : strlen(p);

        if (k + m >= tl->n || tl->t[k + m].len != wl || memcmp(tl->t[k + m].s, p, wl) != 0)
            return 0;
        m++;
        p += wl;
        if (*p == ' ')
            p++;
    }
    return m;
}

static int
is_roman(const char *s, int *value)
{
    static const char *const romans[] = {
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
        "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", NULL
    };
    int k;

    for (k = 0; romans[k] != NULL; k++) {
        if (strcmp(romans[k], s) == 0) {
            *value = k + 1;
            return 1;
        }
    }
    return 0;
}

static int
ends_with(const char *s, size_t len, const char *suf)
{
    size_t sl = strlen(suf);

    return len >= sl && memcmp(s + len - sl, suf, sl) == 0;
}

static int
is_patronymic(const char *s, size_t len)
{
    static const char *const suf[] = {
        "ovich", "evich", "ovych", "evych", "ovna", "evna", "ichna", "ovitch", "evitch",
        "owitsch", "ewitsch", "ovitj", "evitj", "ovitsj", "evitsj", "ovitx", "evitx",
        "ovics", "evics", "ovici", "evici", "owicz", "ewicz", "avich", "ogly", "oglu",
        "kyzy", "qizi", NULL
    };
    int k;

    if (len < 7)
        return 0;
    for (k = 0; suf[k] != NULL; k++)
        if (ends_with(s, len, suf[k]))
            return 1;
    /* -ovic / -evic as a patronymic only in long words (Vladimirovic) */
    return len >= 10 && (ends_with(s, len, "ovic") || ends_with(s, len, "evic"));
}

static void
set_word(struct rawtok *t, const char *s)
{
    size_t l = strlen(s);

    if (l > SANCTUM__TOKEN_MAX)
        l = SANCTUM__TOKEN_MAX;
    memcpy(t->s, s, l);
    t->s[l] = '\0';
    t->len = l;
}

/* Words that are not dropped, particles or annotations, and carry every
 * flag of `with` (0: all of them). */
static size_t
core_words(const struct toklist *tl, unsigned int with)
{
    size_t k, c = 0;

    for (k = 0; k < tl->n; k++)
        if (!(tl->t[k].flags & (RT_DROP | SANCTUM__TOK_PARTICLE | SANCTUM__TOK_ANNOTATION))
            && (tl->t[k].flags & with) == with)
            c++;
    return c;
}

static size_t
core_count(const struct toklist *tl)
{
    return core_words(tl, 0);
}

/* Index of the last word that is not dropped or annotation, or n. */
static size_t
last_core(const struct toklist *tl)
{
    size_t k = tl->n;

    while (k > 0) {
        k--;
        if (!(tl->t[k].flags & (RT_DROP | SANCTUM__TOK_ANNOTATION)))
            return k;
    }
    return tl->n;
}

static size_t
first_core(const struct toklist *tl)
{
    size_t k;

    for (k = 0; k < tl->n; k++)
        if (!(tl->t[k].flags & (RT_DROP | SANCTUM__TOK_ANNOTATION)))
            return k;
    return tl->n;
}

/* Mark annotations: brackets; after "c/o"; after alias words ("ex-",
 * "f/k/a": also ALIAS, a former name); for companies and vessels, after a
 * comma or spaced dash once the name proper has started. A run of
 * annotation words that names a branch or a flag is dropped. */
static void
mark_annotations(struct toklist *tl, sanctum__name_kind kind, size_t care_of)
{
    size_t k, seen = 0;
    int annot = 0, alias_depth = -1;
    int org = kind == SANCTUM__NAME_COMPANY || kind == SANCTUM__NAME_VESSEL;

    for (k = 0; k < tl->n; k++) {
        struct rawtok *t = &tl->t[k];

        if (alias_depth >= 0 && t->depth < alias_depth)
            alias_depth = -1;
        if (k == care_of) {
            t->flags |= RT_DROP;
            annot = 1;
            continue;
        }
        if (kind != SANCTUM__NAME_PERSON && in_words(W_ALIAS_WORDS, t->s) && k > 0) {
            t->flags |= RT_DROP;
            alias_depth = t->depth;
            continue;
        }
        if (alias_depth >= 0)
            t->flags |= SANCTUM__TOK_ANNOTATION | SANCTUM__TOK_ALIAS;
        else if (annot || t->depth > 0)
            t->flags |= SANCTUM__TOK_ANNOTATION;
        else if (!is_legal_single(t->s))
            seen++;
        if (org && seen >= 2 && k + 1 < tl->n) {
            unsigned int g = t->gap_after;

            if ((g & G_COMMA) || ((g & G_HYPHEN) && (g & G_SPACE)))
                annot = 1;
        }
    }
    /* Drop runs of annotation words that name a branch or a flag. */
    for (k = 0; k < tl->n;) {
        size_t e = k, j;
        int drop = 0;

        if (!(tl->t[k].flags & SANCTUM__TOK_ANNOTATION) || (tl->t[k].flags & SANCTUM__TOK_ALIAS)) {
            k++;
            continue;
        }
        while (e < tl->n && (tl->t[e].flags & SANCTUM__TOK_ANNOTATION)
               && !(tl->t[e].flags & SANCTUM__TOK_ALIAS)) {
            drop |= strcmp(tl->t[e].s, "branch") == 0 || strcmp(tl->t[e].s, "flag") == 0;
            e++;
            if (tl->t[e - 1].gap_after & (G_CLOSE | G_COMMA))
                break;
        }
        if (drop)
            for (j = k; j < e; j++)
                tl->t[j].flags |= RT_DROP;
        k = e;
    }
}

/* Drop a party label before a colon near the start ("BENEFICIARY:"). */
static void
drop_label(struct toklist *tl, unsigned int *nflags)
{
    size_t k;

    for (k = 0; k < tl->n && k < 3; k++) {
        if (tl->t[k].gap_after & G_COLON) {
            size_t j;

            if (k + 1 >= tl->n)
                return;
            for (j = 0; j <= k; j++)
                tl->t[j].flags |= RT_DROP;
            *nflags |= SANCTUM__NAME_LABEL;
            return;
        }
    }
}

/* One pass; returns the number of forms dropped. Forms are peeled from
 * the ends, so "Pty. Limited" loses "limited", then "pty". */
static int
drop_legal_pass(struct toklist *tl, sanctum__name_kind kind, int weak, unsigned int *nflags)
{
    size_t k, f, first = tl->n, last = 0, core = 0;
    int dropped = 0;

    for (k = 0; k < tl->n; k++) {
        if (tl->t[k].flags & (RT_DROP | SANCTUM__TOK_ANNOTATION))
            continue;
        if (first == tl->n)
            first = k;
        last = k;
        if (!all_digit(tl->t[k].s) && !in_words(W_PARTICLES, tl->t[k].s))
            core++;
    }
    for (k = 0; k < tl->n; k++) {
        if ((tl->t[k].flags & RT_DROP) || !in_words(W_LEGAL_FIRST, tl->t[k].s))
            continue;
        for (f = 0; f < N_LEGAL; f++) {
            size_t m = match_words(tl, k, legal_forms[f].words), j;

            if (m == 0 || weak == ((legal_forms[f].flags & LF_STRONG) != 0))
                continue;
            if (weak) {
                /* Ambiguous short forms ("chao", "sa", "as"): only as the
                 * first or last word of the name, or written with dots;
                 * as the first word only when no other form was found
                 * ("Chao Phraya Shipping Ltd"). */
                int edge = k <= first || k + m - 1 >= last;

                if (kind == SANCTUM__NAME_ANY && (!edge || tl->n - m < 2))
                    continue;
                if (!edge && !tl->t[k].dotted)
                    continue;
                if (k <= first && k + m - 1 < last && tl->nlegal > 0 && !tl->t[k].dotted)
                    continue;
                /* keep it if too little would be left ("Chao Le No. 8");
                 * written with dots, or at the end after a comma or
                 * after two words or more ("CECOEX, S.A.", "TAATTA, AO",
                 * "DEBBIYE 143 SAL": numbers are not core words), it is
                 * still a legal form: flagged, so that a name written
                 * without it matches (the scorer takes it as optional).
                 * Plain after one word ("Me Too") it stays a word. */
                {
                    size_t inside = 0, j2;

                    for (j2 = k; j2 < k + m; j2++)
                        inside += !all_digit(tl->t[j2].s) && !in_words(W_PARTICLES, tl->t[j2].s);
                    if (core < inside + ((legal_forms[f].flags & LF_GENERIC) ? 1 : 2)) {
                        if (kind != SANCTUM__NAME_ANY
                            && (tl->t[k].dotted
                                || (k > first && k + m - 1 >= last
                                    && ((tl->t[k - 1].gap_after & G_COMMA)
                                        || k - first >= 2))))
                            for (j2 = k; j2 < k + m; j2++)
                                tl->t[j2].flags |= SANCTUM__TOK_LEGAL;
                        continue;
                    }
                }
            }
            for (j = 0; j < m; j++)
                tl->t[k + j].flags |= RT_DROP;
            *nflags |= SANCTUM__NAME_LEGAL_FORM;
            if (tl->nlegal < SANCTUM__NAME_MAX_LEGAL)
                tl->legal[tl->nlegal++] = (uint16_t)f;
            dropped++;
            k += m - 1;
            break;
        }
    }
    return dropped;
}

static void
drop_legal_forms(struct toklist *tl, sanctum__name_kind kind, unsigned int *nflags)
{
    int pass;

    if (kind == SANCTUM__NAME_PERSON)
        return;
    drop_legal_pass(tl, kind, 0, nflags);
    for (pass = 0; pass < 4 && drop_legal_pass(tl, kind, 1, nflags) > 0; pass++)
        ;
}

/*
 * A title or vessel prefix before nothing but numbers is the name's own
 * first part: "MS-13", "MS 13" keep "ms" (else they would be "13", and
 * never meet "MS13"). Restored when every word left is digits.
 */
static void
keep_code_prefix(struct toklist *tl, unsigned int *nflags)
{
    size_t k, left = 0;

    for (k = 0; k < tl->n; k++) {
        const struct rawtok *t = &tl->t[k];

        if (t->flags & (RT_DROP | SANCTUM__TOK_PARTICLE | SANCTUM__TOK_ANNOTATION))
            continue;
        if (!all_digit(t->s))
            return;
        left++;
    }
    if (left == 0)
        return; /* only noise: everything is kept anyway */
    for (k = 0; k < tl->n; k++) {
        struct rawtok *t = &tl->t[k];

        if (!(t->flags & RT_TITLE))
            continue;
        t->flags &= ~(unsigned)(RT_DROP | RT_TITLE);
        if (t->len == 1)
            t->flags |= SANCTUM__TOK_INITIAL;
        *nflags &= ~(unsigned)(SANCTUM__NAME_VESSEL_PFX | SANCTUM__NAME_HONORIFIC);
    }
}

static void
classify(const sanctum__normalizer *n, struct toklist *tl, sanctum__name_kind kind,
         unsigned int *nflags)
{
    int org = kind == SANCTUM__NAME_COMPANY || kind == SANCTUM__NAME_VESSEL;
    size_t k, fc, lc;

    /* Vessel prefix: first word, if more words follow. */
    fc = first_core(tl);
    if (kind != SANCTUM__NAME_PERSON && fc + 1 < tl->n && in_words(W_VESSEL_PREFIXES, tl->t[fc].s)
        && (kind != SANCTUM__NAME_ANY || core_count(tl) >= 3)) {
        tl->t[fc].flags |= RT_DROP | RT_TITLE;
        *nflags |= SANCTUM__NAME_VESSEL_PFX;
    }
    for (k = 0; k < tl->n; k++) {
        struct rawtok *t = &tl->t[k];
        size_t e;
        int v;

        if (t->flags & RT_DROP)
            continue;
        if (kind == SANCTUM__NAME_PERSON || kind == SANCTUM__NAME_ANY) {
            if (in_words(W_HONOR_PERSON, t->s)) {
                t->flags |= RT_DROP | RT_TITLE;
                *nflags |= SANCTUM__NAME_HONORIFIC;
                continue;
            }
        } else if (in_words(W_HONOR_ORG, t->s)) {
            t->flags |= RT_DROP | RT_TITLE;
            *nflags |= SANCTUM__NAME_HONORIFIC;
            continue;
        }
        if (kind != SANCTUM__NAME_PERSON) {
            for (e = 0; e < sizeof expansions / sizeof expansions[0]; e++) {
                if (strcmp(t->s, expansions[e].abbr) == 0) {
                    set_word(t, expansions[e].full);
                    break;
                }
            }
        }
        if (org) {
            for (v = 0; number_words[v] != NULL; v++) {
                if (strcmp(t->s, number_words[v]) == 0) {
                    char d[16];

                    snprintf(d, sizeof d, "%d", v);
                    set_word(t, d);
                    break;
                }
            }
        }
        if (in_words(W_PARTICLES, t->s)
            || (org && in_words(W_PARTICLES_ORG, t->s))
            || ((t->gap_after & G_HYPHEN) && k + 1 < tl->n && in_words(W_SUN_ARTICLES, t->s))) {
            t->flags |= SANCTUM__TOK_PARTICLE;
            continue;
        }
        if (org && is_country(n, t->s))
            t->flags |= SANCTUM__TOK_COUNTRY;
        /* digits, or a code mixing letters and digits ("m23", "apt39"):
         * compared as written, in every kind of name */
        if (strpbrk(t->s, "0123456789") != NULL)
            t->flags |= SANCTUM__TOK_NUMBER;
        else if (t->len == 1)
            t->flags |= SANCTUM__TOK_INITIAL;
        if (t->len >= 2 && (t->gap_after & G_DOT))
            t->flags |= SANCTUM__TOK_ABBREV;
        if (!org && is_patronymic(t->s, t->len))
            t->flags |= SANCTUM__TOK_PATRONYMIC;
    }

    /* "No. 8": the word "no" before a number is noise. */
    for (k = 0; k + 1 < tl->n; k++)
        if (strcmp(tl->t[k].s, "no") == 0 && (tl->t[k + 1].flags & SANCTUM__TOK_NUMBER)
            && kind != SANCTUM__NAME_PERSON)
            tl->t[k].flags |= RT_DROP;

    lc = last_core(tl);
    if (lc < tl->n) {
        struct rawtok *t = &tl->t[lc];
        int v;

        /* Roman numeral as last word of a company or vessel, after another
         * word: a number. Single letters too: "I" is not the conjunction
         * there, nor "V" or "X" an initial ("BICENTENARIO I"). */
        if (org && is_roman(t->s, &v)
            && core_count(tl) - ((t->flags & SANCTUM__TOK_PARTICLE) ? 0 : 1) >= 1) {
            char d[16];

            snprintf(d, sizeof d, "%d", v);
            set_word(t, d);
            t->flags = (t->flags & ~(unsigned)(SANCTUM__TOK_INITIAL | SANCTUM__TOK_PARTICLE))
                       | SANCTUM__TOK_NUMBER;
        } else if ((kind == SANCTUM__NAME_PERSON || kind == SANCTUM__NAME_ANY)
                   && core_count(tl) >= 3 && in_words(W_GENERATIONAL, t->s)) {
            t->flags |= RT_DROP;
            *nflags |= SANCTUM__NAME_HONORIFIC;
        }
    }
    keep_code_prefix(tl, nflags);
}

/*
 * Split an Arabic article written together with the word in Arabic script
 * ("alrhmn" -> "al" "rhmn"), as Latin lists write "al-Rahman".
 */
static void
split_arabic_article(struct toklist *tl)
{
    size_t k;

    for (k = 0; k < tl->n; k++) {
        struct rawtok *t = &tl->t[k];

        if ((t->flags & SANCTUM__TOK_NOVOWEL) && t->len >= 5 && t->s[0] == 'a'
            && t->s[1] == 'l' && tl->n < sizeof tl->t / sizeof tl->t[0]) {
            memmove(&tl->t[k + 1], &tl->t[k], (tl->n - k) * sizeof tl->t[0]);
            tl->n++;
            set_word(&tl->t[k], "al");
            tl->t[k].gap_after = G_SPACE;
            memmove(tl->t[k + 1].s, tl->t[k + 1].s + 2, tl->t[k + 1].len - 1);
            tl->t[k + 1].len -= 2;
            k++;
        }
    }
}

static int
build_name(sanctum__name *out, const struct toklist *tl)
{
    size_t k;

    out->ntok = 0;
    out->text_len = 0;
    out->nlegal = tl->nlegal;
    memcpy(out->legal, tl->legal, sizeof out->legal);
    for (k = 0; k < tl->n; k++) {
        const struct rawtok *t = &tl->t[k];
        sanctum__name_token *nt;
        size_t need;

        if (t->flags & RT_DROP)
            continue;
        if (out->ntok == SANCTUM__NAME_MAX_TOKENS)
            return sanctum__err(SANCTUM_EINVAL, "name: more than %d words",
                                SANCTUM__NAME_MAX_TOKENS);
        need = 4 * (SANCTUM__TOKEN_MAX + 1);
        if (out->text_len + need > sizeof out->text)
            return sanctum__err(SANCTUM_EINVAL, "name: too long after normalisation");
        nt = &out->tok[out->ntok++];
        nt->flags = (uint16_t)(t->flags & 0xFFFF);
        nt->off = (uint16_t)out->text_len;
        nt->len = (uint8_t)t->len;
        memcpy(out->text + out->text_len, t->s, t->len);
        out->text[out->text_len + t->len] = '\0';
        out->text_len += t->len + 1;
        nt->coff = (uint16_t)out->text_len;
        nt->clen = (uint8_t)sanctum__name_canon(out->text + out->text_len,
                                                 SANCTUM__TOKEN_MAX + 1, t->s, t->len);
        out->text_len += (size_t)nt->clen + 1;
        nt->soff = (uint16_t)out->text_len;
        nt->slen = (uint8_t)sanctum__name_skeleton(out->text + out->text_len,
                                                    SANCTUM__TOKEN_MAX + 1, t->s, t->len);
        out->text_len += (size_t)nt->slen + 1;
        nt->poff = (uint16_t)out->text_len;
        nt->plen = (uint8_t)sanctum__name_sound_class(out->text + out->text_len,
                                                       SANCTUM__TOKEN_MAX + 1, t->s, t->len);
        out->text_len += (size_t)nt->plen + 1;
    }
    if (out->ntok == 0)
        return sanctum__err(SANCTUM_EINVAL, "name: no letters or digits after normalisation");
    return 0;
}

/* Units of fold[] that may hold data after normalisation returned flen. */
static int32_t
flen_used(int32_t flen)
{
    return flen < 0 ? 0 : (flen > WB_FOLD ? WB_FOLD : flen);
}

/* Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF), no NUL. */
static int
valid_utf8(const unsigned char *s, size_t len, int *has_nul)
{
    *has_nul = memchr(s, 0, len) != NULL;
    return !*has_nul && sanctum__utf8_valid(s, len);
}

/* ASCII input folds without ICU; returns 0 (use ICU) for anything else. */
static int
ascii_fold(sanctum__normalizer *n, const char *s, size_t len, int32_t *flen)
{
    size_t i;

    if (len >= WB_FOLD)
        return 0;
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    for (i = 0; i < len; i++)
        n->fold[i] = (UChar)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    *flen = (int32_t)len;
    return 1;
}

int
sanctum__normalize_name(sanctum__normalizer *n, sanctum__name *out, const char *utf8,
                        size_t len, sanctum__name_kind kind)
{
    struct toklist *tl = NULL;
    UErrorCode st = U_ZERO_ERROR;
    int32_t inlen = 0, flen = 0;
    unsigned int nflags = 0;
    size_t care_of;
    int rc = 0, has_nul;

    memset(out, 0, offsetof(sanctum__name, text));
    out->text[0] = '\0';
    out->kind = kind;
    if (utf8 == NULL || len == 0)
        return sanctum__err(SANCTUM_EINVAL, "name: empty");
    if (len > SANCTUM__NAME_MAX_INPUT)
        return sanctum__err(SANCTUM_EINVAL, "name: longer than %d bytes",
                            SANCTUM__NAME_MAX_INPUT);
    if (!valid_utf8((const unsigned char *)utf8, len, &has_nul))
        return sanctum__err(SANCTUM_EINVAL, has_nul ? "name: contains a NUL byte"
                                                    : "name: not valid UTF-8");
    if (kind < SANCTUM__NAME_ANY || kind > SANCTUM__NAME_VESSEL)
        return sanctum__err(SANCTUM_EINVAL, "name: unknown name kind %d", (int)kind);

    if (ascii_fold(n, utf8, len, &flen)) {
        /* NFKC_Casefold of ASCII is its lower case */
    } else {
        u_strFromUTF8(n->in, WB_IN, &inlen, utf8, (int32_t)len, &st);
        if (U_FAILURE(st))
            return sanctum__err(SANCTUM_EINVAL, "name: not valid UTF-8");
        flen = unorm2_normalize(n->nfkc_cf, n->in, inlen, n->fold, WB_FOLD, &st);
    }
    if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) {
        rc = sanctum__err(SANCTUM_EINVAL, "name: too long after normalisation");
        goto done;
    }
    if (U_FAILURE(st)) {
        rc = sanctum__err(SANCTUM_ERROR, "name: ICU normalisation failed (%s)",
                          u_errorName(st));
        goto done;
    }
    if ((rc = transliterate_all(n, flen, kind)) < 0)
        goto done;

    /* kept with the normaliser: a fresh one per name made the allocator
     * grow and trim its heap, page faults included, on every call */
    if (n->tl == NULL && (n->tl = calloc(1, sizeof *n->tl)) == NULL) {
        rc = sanctum__err(SANCTUM_ENOMEM, "name: out of memory");
        goto done;
    }
    tl = n->tl;
    split_words(n, tl);
    if (tl->overflow) {
        rc = sanctum__err(SANCTUM_EINVAL, "name: more than %d words",
                          SANCTUM__NAME_MAX_TOKENS);
        goto done;
    }
    split_arabic_article(tl);
    join_abbreviations(tl, kind, &care_of);
    mark_annotations(tl, kind, care_of);
    drop_label(tl, &nflags);
    drop_legal_forms(tl, kind, &nflags);
    classify(n, tl, kind, &nflags);
    if (core_count(tl) == 0) {
        /* Only noise: keep every word rather than nothing. */
        size_t k;

        for (k = 0; k < tl->n; k++)
            tl->t[k].flags &= ~(unsigned)(RT_DROP | SANCTUM__TOK_PARTICLE
                                          | SANCTUM__TOK_ANNOTATION | SANCTUM__TOK_ALIAS);
        nflags = 0;
        tl->nlegal = 0;
    }
    if (core_count(tl) == core_words(tl, SANCTUM__TOK_LEGAL)) {
        /* A name of nothing but kept legal forms ("S.A."): none optional. */
        size_t k;

        for (k = 0; k < tl->n; k++)
            tl->t[k].flags &= ~(unsigned)SANCTUM__TOK_LEGAL;
    }
    if ((rc = build_name(out, tl)) < 0)
        goto done;
    out->flags = nflags;
done:
    if (tl != NULL)
        sodium_memzero(tl, sizeof *tl); /* zero again for the next name */
    sodium_memzero(n->in, sizeof n->in[0] * (size_t)inlen);
    sodium_memzero(n->fold, sizeof n->fold[0] * (size_t)flen_used(flen));
    sodium_memzero(n->run, sizeof n->run[0] * n->run_used);
    n->run_used = 0;
    sodium_memzero(n->asc, n->alen);
    sodium_memzero(n->aflag, n->alen);
    n->alen = 0;
    if (rc < 0)
        sanctum__name_clear(out);
    return rc;
}

void
sanctum__name_clear(sanctum__name *nm)
{
    if (nm == NULL)
        return;
    sodium_memzero(nm, sizeof *nm);
}

size_t
sanctum__name_join(char *out, size_t cap, const sanctum__name *nm)
{
    size_t k, o = 0;

    if (cap == 0)
        return 0;
    for (k = 0; k < nm->ntok; k++) {
        size_t l = nm->tok[k].len;

        if (k > 0 && o + 1 < cap)
            out[o++] = ' ';
        if (o + l >= cap)
            l = cap - 1 - o;
        memcpy(out + o, SANCTUM__TOK_STR(nm, k), l);
        o += l;
    }
    out[o] = '\0';
    return o;
}

/* Is the two-letter code cc in the space-separated list (or is it "*")? */
static int
country_in(const char *list, const char *cc)
{
    const char *p = list;

    if (strcmp(list, "*") == 0)
        return 1;
    for (; *p; p++)
        if ((p == list || p[-1] == ' ') && p[0] == cc[0] && p[1] == cc[1]
            && (p[2] == ' ' || p[2] == '\0'))
            return 1;
    return 0;
}

/* Do two legal forms share a jurisdiction? */
static int
forms_overlap(size_t a, size_t b)
{
    const char *la = legal_forms[a].countries, *lb = legal_forms[b].countries, *p;

    if (strcmp(la, "*") == 0 || strcmp(lb, "*") == 0)
        return 1;
    for (p = la; *p; p++)
        if ((p == la || p[-1] == ' ') && p[0] && p[1] && country_in(lb, p))
            return 1;
    return 0;
}

int
sanctum__legal_conflict(const sanctum__name *a, const sanctum__name *b)
{
    size_t i, j;
    int a_generic = 1, b_generic = 1, a_foreign = 0, b_foreign = 0;

    if (a->nlegal == 0 || b->nlegal == 0)
        return 0;
    for (i = 0; i < a->nlegal; i++)
        if (a->legal[i] >= N_LEGAL)
            return 0; /* not a form this library knows: no verdict */
    for (j = 0; j < b->nlegal; j++)
        if (b->legal[j] >= N_LEGAL)
            return 0;
    for (i = 0; i < a->nlegal; i++)
        for (j = 0; j < b->nlegal; j++)
            if (forms_overlap(a->legal[i], b->legal[j]))
                return 0;
    for (i = 0; i < a->nlegal; i++) {
        int f = legal_forms[a->legal[i]].flags;

        a_generic &= (f & LF_GENERIC) != 0;
        a_foreign |= !(f & (LF_GENERIC | LF_ENGLISH));
    }
    for (j = 0; j < b->nlegal; j++) {
        int f = legal_forms[b->legal[j]].flags;

        b_generic &= (f & LF_GENERIC) != 0;
        b_foreign |= !(f & (LF_GENERIC | LF_ENGLISH));
    }
    /* An English rendering stands for any non-English form. */
    if ((a_generic && (b_foreign || b_generic)) || (b_generic && a_foreign))
        return 0;
    return 1;
}
