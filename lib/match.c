/* SPDX-License-Identifier: Apache-2.0 */
/* match.c - lookup keys for candidate generation, and explainable name scoring. */
#include "match.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "errors.h"
#include "similarity.h"

/* ------------------------------------------------------------------ */
/* Keys.                                                               */

/* Hashes of keys already emitted, to drop duplicates: open addressing,
 * sized per name to twice the most keys it can make, so it never fills. */
struct keyset {
    size_t mask;     /* slots - 1, slots a power of two */
    uint64_t slot[]; /* 0 = empty */
};

static uint64_t
key_hash(sanctum__key_kind kind, const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

/* A set for the keys of `nm`: per word at most 5 spellings, its folded
 * spelling and each one-letter deletion of it, and 8 keys of words
 * written together from it (2 to 4 words). */
static struct keyset *
keyset_new(const sanctum__name *nm, size_t *bytes)
{
    size_t bound = 0, slots = 64;
    struct keyset *ks;

    for (size_t i = 0; i < nm->ntok; i++)
        bound += 5 + (size_t)nm->tok[i].clen + 1 + 8;
    while (slots < 2 * bound)
        slots *= 2;
    *bytes = sizeof *ks + slots * sizeof ks->slot[0];
    if ((ks = calloc(1, *bytes)) != NULL)
        ks->mask = slots - 1;
    return ks;
}

/* Returns 1 if newly added, 0 if present. */
static int
keyset_add(struct keyset *ks, uint64_t h)
{
    size_t i = (size_t)h & ks->mask;

    for (;;) {
        if (ks->slot[i] == h)
            return 0;
        if (ks->slot[i] == 0) {
            ks->slot[i] = h;
            return 1;
        }
        i = (i + 1) & ks->mask;
    }
}

struct emitter {
    struct keyset *ks;
    sanctum__key_fn fn;
    void *arg;
    size_t n; /* keys emitted */
};

static int
emit(struct emitter *em, sanctum__key_kind kind, const char *s, size_t len, unsigned int tok,
     unsigned int span)
{
    if (len == 0 || len > SANCTUM__KEY_MAX)
        return 0;
    if (!keyset_add(em->ks, key_hash(kind, s, len)))
        return 0;
    em->n++;
    return em->fn(em->arg, kind, s, len, tok, span);
}

/* Tokens that make every kind of key on their own. Numbers and codes
 * ("8", "m23", "apt39") make one: their exact form (a WORD key); a
 * spelling variant of a number is another number. */
static int
keyed(const sanctum__name_token *t)
{
    return !(t->flags & (SANCTUM__TOK_PARTICLE | SANCTUM__TOK_INITIAL | SANCTUM__TOK_NUMBER));
}

int
sanctum__match_keys(const sanctum__name *nm, sanctum__key_fn fn, void *arg)
{
    struct keyset *ks;
    struct emitter em;
    size_t i, L, j, ks_bytes;
    int rc = 0;

    ks = keyset_new(nm, &ks_bytes);
    if (ks == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "match keys: out of memory");
    em.ks = ks;
    em.fn = fn;
    em.arg = arg;
    em.n = 0;
    for (i = 0; i < nm->ntok && rc == 0; i++) {
        const sanctum__name_token *t = &nm->tok[i];
        const char *raw = SANCTUM__TOK_STR(nm, i);
        const char *can = SANCTUM__TOK_CANON(nm, i);

        if (t->flags & SANCTUM__TOK_NUMBER) {
            if ((rc = emit(&em, SANCTUM__KEY_WORD, raw, t->len, (unsigned)i, 1)) < 0)
                break;
        } else if (keyed(t)) {
            if ((rc = emit(&em, SANCTUM__KEY_WORD, raw, t->len, (unsigned)i, 1)) < 0)
                break;
            if ((rc = emit(&em, SANCTUM__KEY_CANON, can, t->clen, (unsigned)i, 1)) < 0)
                break;
            if (t->slen >= 1
                && (rc = emit(&em, SANCTUM__KEY_SKELETON, SANCTUM__TOK_SKEL(nm, i), t->slen,
                              (unsigned)i, 1)) < 0)
                break;
            if (t->plen >= 3
                && (rc = emit(&em, SANCTUM__KEY_SOUND, SANCTUM__TOK_CLASS(nm, i), t->plen,
                              (unsigned)i, 1)) < 0)
                break;
            if (t->clen >= 5 && (rc = emit(&em, SANCTUM__KEY_PREFIX, can, 5, (unsigned)i, 1)) < 0)
                break;
            if (t->clen >= 4 && !(t->flags & SANCTUM__TOK_ANNOTATION)) {
                char del[SANCTUM__TOKEN_MAX + 1];
                size_t p;

                if ((rc = emit(&em, SANCTUM__KEY_DELETE, can, t->clen, (unsigned)i, 1)) < 0)
                    break;
                for (p = 0; p < t->clen && rc == 0; p++) {
                    memcpy(del, can, p);
                    memcpy(del + p, can + p + 1, t->clen - p - 1);
                    rc = emit(&em, SANCTUM__KEY_DELETE, del, t->clen - 1u, (unsigned)i, 1);
                }
                sodium_memzero(del, sizeof del);
                if (rc < 0)
                    break;
            }
        }
        /* Words written together: "Abdul Rahman" / "Abdulrahman". */
        for (L = 2; L <= 4 && i + L <= nm->ntok && rc == 0; L++) {
            char cat[SANCTUM__KEY_MAX + 1], ccat[SANCTUM__KEY_MAX + 1];
            size_t cl = 0, ccl, shortw = 0, part = 0;
            int ok = 1, num = 0;

            for (j = i; j < i + L; j++) {
                const sanctum__name_token *u = &nm->tok[j];

                if (cl + u->len > SANCTUM__KEY_MAX) {
                    ok = 0;
                    break;
                }
                num |= (u->flags & SANCTUM__TOK_NUMBER) != 0;
                memcpy(cat + cl, SANCTUM__TOK_STR(nm, j), u->len);
                cl += u->len;
                if (u->len <= 3)
                    shortw++;
                if (u->flags & SANCTUM__TOK_PARTICLE)
                    part++;
            }
            /* Longer joins only for short syllables (Kim Jong Un) or with a
             * particle inside (Saif al Din); whole names up to four words. */
            if (!ok || (L >= 3 && shortw < L - 1 && part == 0 && L != nm->ntok))
                continue;
            cat[cl] = '\0';
            rc = emit(&em, SANCTUM__KEY_WORD, cat, cl, (unsigned)i, (unsigned)L);
            if (num) {
                /* a code written apart or together ("MS-13" / "MS13",
                 * "P 532" / "P532"): its exact form only */
                sodium_memzero(cat, sizeof cat);
                continue;
            }
            ccl = sanctum__name_canon(ccat, sizeof ccat, cat, cl);
            if (rc == 0)
                rc = emit(&em, SANCTUM__KEY_CANON, ccat, ccl, (unsigned)i, (unsigned)L);
            if (rc == 0 && L == 2) {
                /* vowel-less and lossy scripts run words together too */
                ccl = sanctum__name_skeleton(ccat, sizeof ccat, cat, cl);
                if (ccl >= 2)
                    rc = emit(&em, SANCTUM__KEY_SKELETON, ccat, ccl, (unsigned)i, (unsigned)L);
                ccl = sanctum__name_sound_class(ccat, sizeof ccat, cat, cl);
                if (rc == 0 && ccl >= 3)
                    rc = emit(&em, SANCTUM__KEY_SOUND, ccat, ccl, (unsigned)i, (unsigned)L);
            }
            sodium_memzero(cat, sizeof cat);
            sodium_memzero(ccat, sizeof ccat);
        }
    }
    /* A name of lone initials ("X") would make none: every name makes at
     * least its words as they are, so no query is left without a lookup. */
    if (rc == 0 && em.n == 0)
        for (i = 0; i < nm->ntok && rc == 0; i++)
            rc = emit(&em, SANCTUM__KEY_WORD, SANCTUM__TOK_STR(nm, i), nm->tok[i].len,
                      (unsigned)i, 1);
    sodium_memzero(ks, ks_bytes);
    free(ks);
    return rc;
}

double
sanctum__span_factor(unsigned int span)
{
    return span <= 1 ? 1.0 : 1.0 + 0.5 * (double)(span - 1);
}

double
sanctum__key_weight(sanctum__key_kind kind, uint64_t df, uint64_t total)
{
    double k;

    if (df == 0)
        return 0.0;
    switch (kind) {
    case SANCTUM__KEY_WORD:
        k = 1.0;
        break;
    case SANCTUM__KEY_CANON:
        k = 0.9;
        break;
    case SANCTUM__KEY_DELETE:
        k = 0.6;
        break;
    case SANCTUM__KEY_SKELETON:
        k = 0.5;
        break;
    case SANCTUM__KEY_PREFIX:
        k = 0.5;
        break;
    case SANCTUM__KEY_SOUND:
        k = 0.4;
        break;
    default:
        k = 0.0;
        break;
    }
    if (total < df)
        total = df;
    return k * (log((double)(total + 1) / (double)df) + 0.1);
}

/* ------------------------------------------------------------------ */
/* Candidate accumulator.                                              */

struct cand {
    uint64_t id;     /* stored-name id */
    float sum;       /* committed weight of earlier tokens */
    float cur;       /* best weight for token cur_tok so far */
    uint32_t cur_tok;/* token cur refers to */
    uint32_t used;   /* slot in use */
};

struct sanctum__candset {
    struct cand *slot; /* open addressing by id */
    size_t cap;        /* power of two */
    size_t n;          /* used slots */
};

int
sanctum__candset_new(sanctum__candset **out)
{
    sanctum__candset *cs = calloc(1, sizeof *cs);

    *out = NULL;
    if (cs == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "candidates: out of memory");
    cs->cap = 256;
    cs->slot = calloc(cs->cap, sizeof *cs->slot);
    if (cs->slot == NULL) {
        free(cs);
        return sanctum__err(SANCTUM_ENOMEM, "candidates: out of memory");
    }
    *out = cs;
    return 0;
}

void
sanctum__candset_free(sanctum__candset *cs)
{
    if (cs == NULL)
        return;
    free(cs->slot);
    free(cs);
}

void
sanctum__candset_reset(sanctum__candset *cs)
{
    memset(cs->slot, 0, cs->cap * sizeof *cs->slot);
    cs->n = 0;
}

static size_t
id_hash(uint64_t id, size_t mask)
{
    id ^= id >> 33;
    id *= 0xff51afd7ed558ccdull;
    id ^= id >> 33;
    return (size_t)id & mask;
}

static struct cand *
cand_slot(struct cand *slot, size_t cap, uint64_t id)
{
    size_t i = id_hash(id, cap - 1);

    while (slot[i].used && slot[i].id != id)
        i = (i + 1) & (cap - 1);
    return &slot[i];
}

static int
candset_grow(sanctum__candset *cs)
{
    size_t ncap = cs->cap * 2, i;
    struct cand *ns = calloc(ncap, sizeof *ns);

    if (ns == NULL)
        return sanctum__err(SANCTUM_ENOMEM, "candidates: out of memory");
    for (i = 0; i < cs->cap; i++)
        if (cs->slot[i].used)
            *cand_slot(ns, ncap, cs->slot[i].id) = cs->slot[i];
    free(cs->slot);
    cs->slot = ns;
    cs->cap = ncap;
    return 0;
}

int
sanctum__candset_add(sanctum__candset *cs, unsigned int token, double w,
                     const uint64_t *ids, size_t n)
{
    size_t k;
    int rc;

    for (k = 0; k < n; k++) {
        struct cand *c;

        if ((cs->n + 1) * 2 > cs->cap && (rc = candset_grow(cs)) < 0)
            return rc;
        c = cand_slot(cs->slot, cs->cap, ids[k]);
        if (!c->used) {
            c->used = 1;
            c->id = ids[k];
            c->sum = 0;
            c->cur = (float)w;
            c->cur_tok = token;
            cs->n++;
        } else if (c->cur_tok == token) {
            if ((float)w > c->cur)
                c->cur = (float)w;
        } else {
            c->sum += c->cur;
            c->cur = (float)w;
            c->cur_tok = token;
        }
    }
    return 0;
}

size_t
sanctum__candset_count(const sanctum__candset *cs)
{
    return cs->n;
}

static int
cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    float sx = x->sum + x->cur, sy = y->sum + y->cur;

    if (sx != sy)
        return sx > sy ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

size_t
sanctum__candset_top(sanctum__candset *cs, uint64_t *out, size_t cap)
{
    size_t i, o = 0;

    /* Compact used slots to the front, then sort them. */
    for (i = 0; i < cs->cap; i++)
        if (cs->slot[i].used)
            cs->slot[o++] = cs->slot[i];
    for (i = o; i < cs->cap; i++)
        memset(&cs->slot[i], 0, sizeof cs->slot[i]);
    qsort(cs->slot, o, sizeof cs->slot[0], cand_cmp);
    for (i = 0; i < o && i < cap; i++)
        out[i] = cs->slot[i].id;
    /* The table is no longer hashed: rebuild it for further adds. */
    {
        size_t n = o, k;
        struct cand *tmp = malloc(n * sizeof *tmp + 1);

        if (tmp != NULL) {
            memcpy(tmp, cs->slot, n * sizeof *tmp);
            memset(cs->slot, 0, cs->cap * sizeof *cs->slot);
            for (k = 0; k < n; k++)
                *cand_slot(cs->slot, cs->cap, tmp[k].id) = tmp[k];
            free(tmp);
        }
    }
    return i;
}

/* ------------------------------------------------------------------ */
/* Scoring.                                                            */

/* Credit curve: similarities below SIM_LOW give nothing, above SIM_HIGH
 * give themselves, and the range between fades in. Company words compared
 * Latin to Latin use the stricter ORG_ pair (Mining / Dining, Lixing /
 * Lixin are different companies). */
#define SIM_LOW      0.75
#define SIM_HIGH     0.88
#define ORG_SIM_LOW  0.88
#define ORG_SIM_HIGH 0.95
/* Exponents of query and stored coverage in the name score. A person
 * query that names only part of a listed name ("Putin") still scores;
 * company names are compared symmetrically. */
#define COV_Q_EXP     0.65
#define COV_S_EXP     0.28
#define ORG_COV_EXP   0.5
/* Penalty factors. Birth years more than one year apart cost 2% per
 * extra year, down to BIRTH_CONFLICT_MIN: listed birth dates are often
 * approximate or wrong, so a year alone never rules a name out. */
#define BIRTH_CONFLICT_STEP    0.02
#define BIRTH_CONFLICT_MIN     0.88
#define NAT_CONFLICT_FACTOR    0.95
#define NUMBER_CONFLICT_FACTOR 0.5
#define LEGAL_CONFLICT_FACTOR  0.7
#define COUNTRY_FACTOR         0.8
#define ORG_UNMATCHED_FACTOR   0.85 /* per unmatched word of a company name */
#define ORG_UNMATCHED_MAX      4
/* Agreement moves the score part of the way towards 1. */
#define BIRTH_AGREE_BONUS      0.10
#define NAT_AGREE_BONUS        0.05
/* Token weight modifiers. */
#define W_PARTICLE   0.25
#define W_PATRONYMIC 0.5
#define W_INITIAL    0.5
#define W_ANNOT_UNMATCHED 0.15 /* share of an annotation's weight lost if unmatched */

struct cand_pair {
    uint8_t qf, qn, sf, sn; /* spans */
    uint8_t how;            /* SANCTUM__SIM_* */
    uint8_t strict;         /* use the company credit curve */
    float sim;
};

#define MAX_PAIRS 1024 /* candidate pairs kept (similarity >= SIM_LOW) */
#define SPAN_MAX  (4 * (SANCTUM__TOKEN_MAX + 1))

struct scorer {
    const sanctum__name *q, *s;
    int org;   /* company/vessel rules */
    double wq[SANCTUM__NAME_MAX_TOKENS], ws[SANCTUM__NAME_MAX_TOKENS];
    struct cand_pair cp[MAX_PAIRS];
    size_t ncp;
};

static double
token_weight(const sanctum__name *nm, size_t i, const sanctum__match_context *ctx, int org)
{
    const sanctum__name_token *t = &nm->tok[i];
    double w = 1.0;

    if (ctx != NULL && ctx->token_df != NULL && ctx->total_names > 0) {
        uint64_t df = ctx->token_df(ctx->token_df_arg, SANCTUM__TOK_STR(nm, i), t->len);
        double n = (double)ctx->total_names;

        if (df == 0)
            df = 1;
        w = log((n + 1.0) / (double)df);
        if (w < 0.5)
            w = 0.5;
        if (org)
            w = sqrt(w);
    }
    if (t->flags & (SANCTUM__TOK_PARTICLE | SANCTUM__TOK_LEGAL))
        w *= W_PARTICLE;
    if (t->flags & SANCTUM__TOK_PATRONYMIC)
        w *= W_PATRONYMIC;
    if (t->flags & SANCTUM__TOK_INITIAL)
        w *= W_INITIAL;
    return w;
}

static double
jw(const char *a, size_t al, const char *b, size_t bl)
{
    return sanctum__jaro_winkler(a, al, b, bl, 0);
}

/* Is b the plural of a ("star"/"stars", "kaptan"/"kaptanlar", Turkish
 * "kartali"/"kartallari" with the possessive after the plural)? */
static int
plural_of(const char *a, size_t al, const char *b, size_t bl)
{
    static const char *const suf[] = { "s", "es", "lar", "ler", "lari", "leri", NULL };
    int k;

    if (al < 3 || bl <= al)
        return 0;
    if (memcmp(a, b, al) == 0) {
        for (k = 0; suf[k] != NULL; k++)
            if (strlen(suf[k]) == bl - al && memcmp(b + al, suf[k], bl - al) == 0)
                return 1;
    }
    if (a[al - 1] == 'i' && bl == al + 3 && memcmp(a, b, al - 1) == 0
        && (memcmp(b + al - 1, "lari", 4) == 0 || memcmp(b + al - 1, "leri", 4) == 0))
        return 1;
    return 0;
}

static int
consonant(char c)
{
    return c >= 'a' && c <= 'z' && strchr("aeiouyh", c) == NULL;
}

/*
 * Do two spellings differ by one consonant added, dropped or changed at
 * the start or end (Lixing / Lixin, Shing / Hing, Wrightstone /
 * Rightstone, Mining / Dining)? Between company words that makes another
 * word; h is left out (a digraph marker: Rabinovich / Rabinovic).
 */
static int
edge_consonant_edit(const char *a, size_t al, const char *b, size_t bl)
{
    if (al < 3 || bl < 3)
        return 0;
    if (al == bl) {
        if (a[0] != b[0] && memcmp(a + 1, b + 1, al - 1) == 0)
            return consonant(a[0]) || consonant(b[0]);
        if (a[al - 1] != b[bl - 1] && memcmp(a, b, al - 1) == 0)
            return consonant(a[al - 1]) || consonant(b[bl - 1]);
        return 0;
    }
    if (al + 1 == bl) {
        if (memcmp(a, b + 1, al) == 0)
            return consonant(b[0]);
        if (memcmp(a, b, al) == 0)
            return consonant(b[bl - 1]);
        return 0;
    }
    if (bl + 1 == al)
        return edge_consonant_edit(b, bl, a, al);
    return 0;
}

/*
 * Similarity of two spellings with their folded forms, skeletons and
 * sound classes; fl is the union of the tokens' flags. *how says which
 * comparison decided.
 */
static double
text_sim(const char *ar, size_t al, const char *br, size_t bl, const char *ac, size_t acl,
         const char *bc, size_t bcl, const char *as, size_t asl, const char *bs, size_t bsl,
         const char *ap, size_t apl, const char *bp, size_t bpl, unsigned int fl, int org,
         uint8_t *how)
{
    double best, v;

    *how = SANCTUM__SIM_JARO;
    if (al == bl && memcmp(ar, br, al) == 0) {
        *how = SANCTUM__SIM_EXACT;
        return 1.0;
    }
    if (org && (plural_of(ar, al, br, bl) || plural_of(br, bl, ar, al)))
        return 0.5;
    if (org && !(fl & SANCTUM__TOK_TRANSLIT) && edge_consonant_edit(ac, acl, bc, bcl))
        return 0.6;
    if (acl == bcl && acl >= 2 && memcmp(ac, bc, acl) == 0) {
        *how = SANCTUM__SIM_CANON;
        return 0.97;
    }
    best = jw(ar, al, br, bl);
    v = 0.98 * jw(ac, acl, bc, bcl);
    if (v > best)
        best = v;
    /* Jaro-Winkler rewards a shared start: a word that is mostly an
     * extension of the other (Yong / Yongsuk, Vladimir / Vladimirovich)
     * is a different word. */
    if ((al < bl ? al * 20 < bl * 13 : bl * 20 < al * 13) && best > 0.8)
        best = 0.8;
    if (org && !(fl & SANCTUM__TOK_TRANSLIT) && asl >= 2 && asl == bsl
        && memcmp(as, bs, asl) == 0 && best >= (asl >= 4 ? 0.80 : 0.85)
        && best < (asl >= 4 ? ORG_SIM_HIGH : 0.93)) {
        /* only vowels differ (Qureshi / Quraishi, Abdalla / Abdulla); with
         * four consonants or more the same word in another romanisation
         * for certain, full credit (Hezbollah / Hizballah, whose vowels
         * all differ) */
        best = asl >= 4 ? ORG_SIM_HIGH : 0.93;
        *how = SANCTUM__SIM_SKELETON;
    }
    if ((fl & (SANCTUM__TOK_NOVOWEL | SANCTUM__TOK_TRANSLIT)) && asl >= 1 && bsl >= 1) {
        /* equal skeletons are compared again strict: the stored ones fold
         * f into b, which lets a key be shared, not a match be made
         * (similarity.h) */
        char sa[SANCTUM__TOKEN_MAX * 4 + 1], sb[SANCTUM__TOKEN_MAX * 4 + 1];
        int same = asl == bsl && memcmp(as, bs, asl) == 0;

        if (same) {
            size_t sal = sanctum__name_skeleton_strict(sa, sizeof sa, ar, al);
            size_t sbl = sanctum__name_skeleton_strict(sb, sizeof sb, br, bl);

            if (sal != sbl || memcmp(sa, sb, sal) != 0) {
                same = 0;
                as = sa;
                bs = sb;
                asl = sal;
                bsl = sbl;
            }
        }
        if (same)
            v = asl >= 3 ? 0.93 : asl == 2 ? 0.92 : (al <= 4 && bl <= 4) ? 0.88 : 0.0;
        else if (asl >= 2 && bsl >= 2)
            v = jw(as, asl, bs, bsl) * 0.9;
        else
            v = 0.0;
        if (!(fl & SANCTUM__TOK_NOVOWEL))
            v = (asl >= 2 && bsl >= 2) ? v * 0.95 : 0.0;
        if (v > best) {
            best = v;
            *how = SANCTUM__SIM_SKELETON;
        }
        if (as == sa) {
            sodium_memzero(sa, asl);
            sodium_memzero(sb, bsl);
        }
    }
    /* Sound classes: only for whole foreign names (not short syllables,
     * which romanise consistently and would match anything). */
    if ((fl & SANCTUM__TOK_LOSSY) && apl >= 3 && bpl >= 3 && al >= 5 && bl >= 5) {
        if (apl == bpl && memcmp(ap, bp, apl) == 0)
            v = 0.9;
        else if (apl >= 4 && bpl >= 4)
            v = jw(ap, apl, bp, bpl) * 0.95;
        else
            v = 0.0;
        if (v > best) {
            best = v;
            *how = SANCTUM__SIM_SOUND;
        }
    }
    return best;
}

/* Similarity of two single tokens. */
static double
token_sim(const struct scorer *sc, size_t i, size_t j, uint8_t *how)
{
    const sanctum__name *q = sc->q, *s = sc->s;
    const sanctum__name_token *a = &q->tok[i], *b = &s->tok[j];
    const char *ar = SANCTUM__TOK_STR(q, i), *br = SANCTUM__TOK_STR(s, j);
    unsigned int fl = a->flags | b->flags;
    double best;

    *how = SANCTUM__SIM_JARO;
    if (fl & SANCTUM__TOK_NUMBER) {
        *how = SANCTUM__SIM_NUMBER;
        return (a->flags & b->flags & SANCTUM__TOK_NUMBER) && a->len == b->len
                       && memcmp(ar, br, a->len) == 0
                   ? 1.0
                   : 0.0;
    }
    if (a->len == b->len && memcmp(ar, br, a->len) == 0) {
        *how = SANCTUM__SIM_EXACT;
        return 1.0;
    }
    if (fl & SANCTUM__TOK_INITIAL) {
        *how = SANCTUM__SIM_INITIAL;
        if (a->len == 1 && b->len == 1)
            return 0.0;
        return ar[0] == br[0] ? 0.9 : 0.0;
    }
    if (fl & SANCTUM__TOK_PARTICLE) {
        *how = SANCTUM__SIM_CANON;
        return a->clen == b->clen
                       && memcmp(SANCTUM__TOK_CANON(q, i), SANCTUM__TOK_CANON(s, j), a->clen) == 0
                   ? 0.97
                   : 0.0;
    }
    best = text_sim(ar, a->len, br, b->len, SANCTUM__TOK_CANON(q, i), a->clen,
                    SANCTUM__TOK_CANON(s, j), b->clen, SANCTUM__TOK_SKEL(q, i), a->slen,
                    SANCTUM__TOK_SKEL(s, j), b->slen, SANCTUM__TOK_CLASS(q, i), a->plen,
                    SANCTUM__TOK_CLASS(s, j), b->plen, fl, sc->org, how);
    if (((a->flags & SANCTUM__TOK_ABBREV) && a->len >= 3 && a->len < b->len
         && memcmp(ar, br, a->len) == 0)
        || ((b->flags & SANCTUM__TOK_ABBREV) && b->len >= 3 && b->len < a->len
            && memcmp(ar, br, b->len) == 0)) {
        if (best < 0.95) {
            best = 0.95;
            *how = SANCTUM__SIM_ABBREV;
        }
    }
    return best;
}

/* Concatenate tokens [f, f+n) of nm into buf; returns the length. */
static size_t
span_text(const sanctum__name *nm, size_t f, size_t n, char *buf, size_t cap)
{
    size_t k, l = 0;

    for (k = f; k < f + n; k++) {
        size_t tl = nm->tok[k].len;

        if (l + tl + 1 > cap)
            break;
        memcpy(buf + l, SANCTUM__TOK_STR(nm, k), tl);
        l += tl;
    }
    buf[l] = '\0';
    return l;
}

/* Flags of a span, or 0 with *ok = 0 if it cannot be written together. */
static unsigned int
span_flags(const sanctum__name *nm, size_t f, size_t n, int *ok)
{
    size_t k;
    unsigned int fl = 0;

    *ok = f + n <= nm->ntok;
    for (k = f; *ok && k < f + n; k++)
        fl |= nm->tok[k].flags;
    return fl;
}

static int
strict_pair(const struct scorer *sc, unsigned int fl)
{
    return sc->org && !(fl & SANCTUM__TOK_TRANSLIT);
}

static void
add_pair(struct scorer *sc, size_t qf, size_t qn, size_t sf, size_t sn, double sim, uint8_t how,
         int strict)
{
    struct cand_pair *p;

    if (sim < SIM_LOW || sc->ncp == MAX_PAIRS)
        return;
    p = &sc->cp[sc->ncp++];
    p->qf = (uint8_t)qf;
    p->qn = (uint8_t)qn;
    p->sf = (uint8_t)sf;
    p->sn = (uint8_t)sn;
    p->sim = (float)sim;
    p->how = how;
    p->strict = (uint8_t)strict;
}

/* Length of tokens [f, f+n) written together. */
static size_t
span_len(const sanctum__name *nm, size_t f, size_t n)
{
    size_t k, l = 0;

    for (k = f; k < f + n; k++)
        l += nm->tok[k].len;
    return l;
}

/* Compare spans written together ("abdul"+"rahman" / "abdulrahman"). */
static void
try_spans(struct scorer *sc, size_t qf, size_t qn, size_t sf, size_t sn)
{
    char a[SPAN_MAX], b[SPAN_MAX], ca[SPAN_MAX], cb[SPAN_MAX];
    char sa[SPAN_MAX], sb[SPAN_MAX], pa[SPAN_MAX], pb[SPAN_MAX];
    size_t al, bl, cal, cbl, sal = 0, sbl = 0, pal = 0, pbl = 0;
    unsigned int fl, qfl, sfl;
    int ok_q, ok_s, sound;
    double sim;
    uint8_t how;
    const sanctum__name *q = sc->q, *s = sc->s;

    qfl = span_flags(q, qf, qn, &ok_q);
    sfl = span_flags(s, sf, sn, &ok_s);
    fl = qfl | sfl;
    if (!ok_q || !ok_s)
        return;
    al = span_len(q, qf, qn);
    bl = span_len(s, sf, sn);
    if (fl & SANCTUM__TOK_NUMBER) {
        /* a code written apart on one side, together on the other ("ms"+"13"
         * / "ms13", "valfajr"+"2" / "valfajr2"): the same characters or
         * nothing, as for numbers */
        if (al == bl) {
            al = span_text(q, qf, qn, a, sizeof a);
            bl = span_text(s, sf, sn, b, sizeof b);
            if (al == bl && memcmp(a, b, al) == 0)
                add_pair(sc, qf, qn, sf, sn, 0.99, SANCTUM__SIM_NUMBER, strict_pair(sc, fl));
            sodium_memzero(a, al);
            sodium_memzero(b, bl);
        }
        return;
    }
    /* Cheap filters first: lengths, then first letters in any form. */
    if (al < 2 || bl < 2 || al * 4 < bl * 3 || bl * 4 < al * 3
        || ((al < 3 || bl < 3) && !(fl & SANCTUM__TOK_INITIAL)))
        return;
    /* Sound classes only for a lossy-script span against one word. */
    sound = (sn == 1 && !(sfl & SANCTUM__TOK_LOSSY) && (qfl & SANCTUM__TOK_LOSSY))
            || (qn == 1 && !(qfl & SANCTUM__TOK_LOSSY) && (sfl & SANCTUM__TOK_LOSSY));
    if (SANCTUM__TOK_STR(q, qf)[0] != SANCTUM__TOK_STR(s, sf)[0]
        && SANCTUM__TOK_CANON(q, qf)[0] != SANCTUM__TOK_CANON(s, sf)[0]
        && !((fl & (SANCTUM__TOK_NOVOWEL | SANCTUM__TOK_TRANSLIT))
             && SANCTUM__TOK_SKEL(q, qf)[0] == SANCTUM__TOK_SKEL(s, sf)[0])
        && !(sound && SANCTUM__TOK_CLASS(q, qf)[0] == SANCTUM__TOK_CLASS(s, sf)[0]))
        return;
    al = span_text(q, qf, qn, a, sizeof a);
    bl = span_text(s, sf, sn, b, sizeof b);
    cal = sanctum__name_canon(ca, sizeof ca, a, al);
    cbl = sanctum__name_canon(cb, sizeof cb, b, bl);
    if (fl & (SANCTUM__TOK_NOVOWEL | SANCTUM__TOK_TRANSLIT)) {
        sal = sanctum__name_skeleton(sa, sizeof sa, a, al);
        sbl = sanctum__name_skeleton(sb, sizeof sb, b, bl);
    }
    if (sound) {
        pal = sanctum__name_sound_class(pa, sizeof pa, a, al);
        pbl = sanctum__name_sound_class(pb, sizeof pb, b, bl);
    }
    sim = text_sim(a, al, b, bl, ca, cal, cb, cbl, sa, sal, sb, sbl, pa, pal, pb, pbl, fl,
                   sc->org, &how);
    /* Prefer single words on a tie, clearly so for loose comparisons. */
    sim *= (how == SANCTUM__SIM_SOUND || how == SANCTUM__SIM_SKELETON) ? 0.96 : 0.99;
    add_pair(sc, qf, qn, sf, sn, sim, how, strict_pair(sc, fl));
    sodium_memzero(a, al);
    sodium_memzero(b, bl);
    sodium_memzero(ca, cal);
    sodium_memzero(cb, cbl);
    sodium_memzero(sa, sal);
    sodium_memzero(sb, sbl);
    sodium_memzero(pa, pal);
    sodium_memzero(pb, pbl);
}

static int
pair_cmp(const void *x, const void *y)
{
    const struct cand_pair *a = x, *b = y;

    if (a->sim != b->sim)
        return a->sim > b->sim ? -1 : 1;
    if (a->qf != b->qf)
        return a->qf < b->qf ? -1 : 1;
    return a->sf < b->sf ? -1 : (a->sf > b->sf);
}

static double
credit(double s, int strict)
{
    double lo = strict ? ORG_SIM_LOW : SIM_LOW, hi = strict ? ORG_SIM_HIGH : SIM_HIGH;

    if (s >= hi)
        return s;
    if (s < lo)
        return 0.0;
    return s * (s - lo) / (hi - lo);
}

/* Smallest distance between two lists of years, or -1 if one is empty. */
static int
years_distance(const int *a, size_t na, const int *b, size_t nb)
{
    size_t i, j;
    int best = -1;

    for (i = 0; i < na; i++) {
        for (j = 0; j < nb; j++) {
            int d = abs(a[i] - b[j]);

            if (best < 0 || d < best)
                best = d;
        }
    }
    return best;
}

static int
countries_agree(const char (*a)[3], size_t na, const char (*b)[3], size_t nb, int *known)
{
    size_t i, j;

    *known = na > 0 && nb > 0;
    for (i = 0; i < na; i++)
        for (j = 0; j < nb; j++)
            if (strcmp(a[i], b[j]) == 0)
                return 1;
    return 0;
}

/* Do the two names carry different numbers (No. 8 / No. 9, II / III)?
 * A number pairs only with the same number or code (alone, or written
 * apart on the other side): with numbers on both sides, one left
 * unpaired on either side is a different number. */
static int
numbers_conflict(const sanctum__name *q, const uint8_t *qon, const uint8_t *qused,
                 const sanctum__name *s, const uint8_t *son, const uint8_t *sused)
{
    size_t i, nq = 0, ns = 0, unpaired = 0;

    for (i = 0; i < q->ntok; i++)
        if (qon[i] && (q->tok[i].flags & SANCTUM__TOK_NUMBER)) {
            nq++;
            unpaired += !qused[i];
        }
    for (i = 0; i < s->ntok; i++)
        if (son[i] && (s->tok[i].flags & SANCTUM__TOK_NUMBER)) {
            ns++;
            unpaired += !sused[i];
        }
    return nq > 0 && ns > 0 && unpaired > 0;
}

/* Tokens whose absence on the other side costs little. */
static int
minor(const struct scorer *sc, unsigned int f)
{
    if (f & SANCTUM__TOK_ANNOTATION)
        return 1;
    return sc->org && (f & (SANCTUM__TOK_NUMBER | SANCTUM__TOK_INITIAL));
}

/* Words that count as unmatched words of a company name. */
static int
org_core(unsigned int f)
{
    return !(f & (SANCTUM__TOK_PARTICLE | SANCTUM__TOK_ANNOTATION | SANCTUM__TOK_NUMBER
                  | SANCTUM__TOK_INITIAL));
}

/*
 * Align the tokens switched on in qon/son (greedy, best pairs first, each
 * token used once) and compute the name score into *why.
 */
static double
align(const struct scorer *sc, const uint8_t *qon, const uint8_t *son,
      sanctum__match_explain *why)
{
    const sanctum__name *q = sc->q, *s = sc->s;
    uint8_t qused[SANCTUM__NAME_MAX_TOKENS] = { 0 }, sused[SANCTUM__NAME_MAX_TOKENS] = { 0 };
    double num_q = 0, den_q = 0, num_s = 0, den_s = 0, score;
    size_t i, j, k, unmatched = 0;
    int country = 0;

    why->npairs = 0;
    why->q_unmatched = why->s_unmatched = 0;
    why->unmatched_factor = why->country_factor = why->number_factor = 1.0;
    for (k = 0; k < sc->ncp; k++) {
        const struct cand_pair *p = &sc->cp[k];
        size_t t;
        int free_ = 1;
        double c, wq = 0, ws = 0;

        for (t = p->qf; t < (size_t)p->qf + p->qn; t++)
            free_ &= qon[t] && !qused[t];
        for (t = p->sf; t < (size_t)p->sf + p->sn; t++)
            free_ &= son[t] && !sused[t];
        if (!free_)
            continue;
        c = credit(p->sim, p->strict);
        if (c <= 0.0)
            continue;
        for (t = p->qf; t < (size_t)p->qf + p->qn; t++) {
            qused[t] = 1;
            wq += sc->wq[t];
        }
        for (t = p->sf; t < (size_t)p->sf + p->sn; t++) {
            sused[t] = 1;
            ws += sc->ws[t];
        }
        num_q += c * wq;
        den_q += wq;
        num_s += c * ws;
        den_s += ws;
        if (why->npairs < SANCTUM__NAME_MAX_TOKENS) {
            sanctum__match_pair *mp = &why->pair[why->npairs++];

            mp->q_first = p->qf;
            mp->q_count = p->qn;
            mp->s_first = p->sf;
            mp->s_count = p->sn;
            mp->how = p->how;
            mp->sim = p->sim;
            mp->credit = (float)c;
        }
    }
    /* Unmatched words cost their weight; particles and kept legal forms
     * cost nothing; annotations, and in company names codes and
     * initials, little. */
    for (i = 0; i < q->ntok; i++) {
        unsigned int f = q->tok[i].flags;

        if (!qon[i] || qused[i] || (f & (SANCTUM__TOK_PARTICLE | SANCTUM__TOK_LEGAL)))
            continue;
        den_q += minor(sc, f) ? W_ANNOT_UNMATCHED * sc->wq[i] : sc->wq[i];
        why->q_unmatched++;
        unmatched += org_core(f);
        country |= (f & SANCTUM__TOK_COUNTRY) != 0;
    }
    for (j = 0; j < s->ntok; j++) {
        unsigned int f = s->tok[j].flags;

        if (!son[j] || sused[j] || (f & (SANCTUM__TOK_PARTICLE | SANCTUM__TOK_LEGAL)))
            continue;
        den_s += minor(sc, f) ? W_ANNOT_UNMATCHED * sc->ws[j] : sc->ws[j];
        why->s_unmatched++;
        unmatched += org_core(f);
        country |= (f & SANCTUM__TOK_COUNTRY) != 0;
    }
    why->query_coverage = den_q > 0 ? num_q / den_q : 0.0;
    why->stored_coverage = den_s > 0 ? num_s / den_s : 0.0;
    if (sc->org) {
        score = pow(why->query_coverage, ORG_COV_EXP) * pow(why->stored_coverage, ORG_COV_EXP);
        if (unmatched > ORG_UNMATCHED_MAX)
            unmatched = ORG_UNMATCHED_MAX;
        why->unmatched_factor = pow(ORG_UNMATCHED_FACTOR, (double)unmatched);
        if (country)
            why->country_factor = COUNTRY_FACTOR;
    } else {
        score = pow(why->query_coverage, COV_Q_EXP) * pow(why->stored_coverage, COV_S_EXP);
    }
    why->name_score = score;
    if (numbers_conflict(q, qon, qused, s, son, sused))
        why->number_factor = NUMBER_CONFLICT_FACTOR;
    return score * why->unmatched_factor * why->country_factor * why->number_factor;
}

static int
is_org(sanctum__name_kind k)
{
    return k == SANCTUM__NAME_COMPANY || k == SANCTUM__NAME_VESSEL;
}

/* Token masks of a name's views: 0 = the name, 1 = its former name. */
static int
view_mask(const sanctum__name *nm, int view, uint8_t *on)
{
    size_t i, n = 0;

    for (i = 0; i < nm->ntok; i++) {
        int alias = (nm->tok[i].flags & SANCTUM__TOK_ALIAS) != 0;

        on[i] = (uint8_t)(view ? alias : !alias);
        n += on[i];
    }
    return n > 0;
}

double
sanctum__match_score(const sanctum__name *query, const sanctum__name *stored,
                     const sanctum__match_context *ctx, sanctum__match_explain *why)
{
    struct scorer scb, *sc = &scb;
    sanctum__match_explain local, trial;
    uint8_t qon[SANCTUM__NAME_MAX_TOKENS], son[SANCTUM__NAME_MAX_TOKENS];
    double score = 0.0, best = -1.0;
    size_t i, j, L;
    int qv, sv, known, agree;

    if (why == NULL)
        why = &local;
    memset(why, 0, sizeof *why);
    why->birth_factor = why->nat_factor = why->number_factor = 1.0;
    why->legal_factor = why->country_factor = why->unmatched_factor = 1.0;
    if (query->ntok == 0 || stored->ntok == 0)
        return 0.0;
    sc->q = query;
    sc->s = stored;
    sc->ncp = 0;
    sc->org = is_org(query->kind) || is_org(stored->kind);
    for (i = 0; i < query->ntok; i++)
        sc->wq[i] = token_weight(query, i, ctx, sc->org);
    for (j = 0; j < stored->ntok; j++)
        sc->ws[j] = token_weight(stored, j, ctx, sc->org);

    /* Single words against single words. */
    for (i = 0; i < query->ntok; i++) {
        for (j = 0; j < stored->ntok; j++) {
            uint8_t how;
            double sim = token_sim(sc, i, j, &how);

            add_pair(sc, i, 1, j, 1, sim, how,
                     strict_pair(sc, query->tok[i].flags | stored->tok[j].flags));
        }
    }
    /* Words written together on either side (2-4 words against 1 or 2). */
    for (L = 2; L <= 4; L++) {
        for (i = 0; i + L <= query->ntok; i++)
            for (j = 0; j < stored->ntok; j++)
                try_spans(sc, i, L, j, 1);
        for (j = 0; j + L <= stored->ntok; j++)
            for (i = 0; i < query->ntok; i++)
                try_spans(sc, i, 1, j, L);
    }
    for (i = 0; i + 2 <= query->ntok; i++)
        for (j = 0; j + 2 <= stored->ntok; j++)
            try_spans(sc, i, 2, j, 2);
    qsort(sc->cp, sc->ncp, sizeof sc->cp[0], pair_cmp);

    /* The names, and any former name on either side. */
    for (qv = 0; qv < 2; qv++) {
        if (!view_mask(query, qv, qon))
            continue;
        for (sv = 0; sv < 2; sv++) {
            double s;

            if (!view_mask(stored, sv, son))
                continue;
            memset(&trial, 0, sizeof trial);
            s = align(sc, qon, son, &trial);
            if (s > best) {
                best = s;
                *why = trial;
                why->flags = (qv ? SANCTUM__WHY_QUERY_ALIAS : 0u)
                             | (sv ? SANCTUM__WHY_STORED_ALIAS : 0u);
            }
        }
    }
    score = best;
    why->birth_factor = why->nat_factor = why->legal_factor = 1.0;
    if (stored->flags & SANCTUM__NAME_WEAK)
        why->flags |= SANCTUM__WHY_WEAK_ALIAS;
    if (sc->org)
        why->flags |= SANCTUM__WHY_ORG_RULES;
    if (why->number_factor < 1.0)
        why->flags |= SANCTUM__WHY_NUMBER_CONFLICT;
    if (why->country_factor < 1.0)
        why->flags |= SANCTUM__WHY_COUNTRY_DIFFERS;
    if (sc->org && sanctum__legal_conflict(query, stored)) {
        why->legal_factor = LEGAL_CONFLICT_FACTOR;
        why->flags |= SANCTUM__WHY_LEGAL_CONFLICT;
        score *= why->legal_factor;
    }
    if (ctx != NULL) {
        int dy = years_distance(ctx->query_years, ctx->n_query_years, ctx->stored_years,
                                ctx->n_stored_years);

        if (dy >= 0 && dy <= 1) {
            why->flags |= SANCTUM__WHY_BIRTH_AGREES;
            score += BIRTH_AGREE_BONUS * (1.0 - score) * score;
        } else if (dy > 1) {
            why->flags |= SANCTUM__WHY_BIRTH_CONFLICT;
            why->birth_factor = 1.0 - BIRTH_CONFLICT_STEP * (dy - 1);
            if (why->birth_factor < BIRTH_CONFLICT_MIN)
                why->birth_factor = BIRTH_CONFLICT_MIN;
        }
        agree = countries_agree(ctx->query_countries, ctx->n_query_countries,
                                ctx->stored_countries, ctx->n_stored_countries, &known);
        if (known && agree) {
            why->flags |= SANCTUM__WHY_NAT_AGREES;
            score += NAT_AGREE_BONUS * (1.0 - score) * score;
        } else if (known) {
            why->flags |= SANCTUM__WHY_NAT_CONFLICT;
            why->nat_factor = NAT_CONFLICT_FACTOR;
        }
    }
    score *= why->birth_factor * why->nat_factor;
    if (score < 0.0)
        score = 0.0;
    why->score = score;
    return score;
}

sanctum__entity_match
sanctum__match_entity(const double *scores, const int *weak, size_t n, double threshold)
{
    sanctum__entity_match r;
    size_t i;
    int weak_hit = 0;

    r.score = 0.0;
    r.best = (size_t)-1;
    r.is_match = r.weak_confirms = r.weak_only = 0;
    for (i = 0; i < n; i++) {
        if (weak != NULL && weak[i]) {
            if (scores[i] >= threshold)
                weak_hit = 1;
            continue;
        }
        if (r.best == (size_t)-1 || scores[i] > r.score) {
            r.score = scores[i];
            r.best = i;
        }
    }
    r.is_match = r.best != (size_t)-1 && r.score >= threshold;
    r.weak_confirms = r.is_match && weak_hit;
    r.weak_only = !r.is_match && weak_hit;
    return r;
}

static const char *
how_name(uint8_t how)
{
    switch (how) {
    case SANCTUM__SIM_EXACT:
        return "exact";
    case SANCTUM__SIM_CANON:
        return "spelling";
    case SANCTUM__SIM_JARO:
        return "jaro-winkler";
    case SANCTUM__SIM_SKELETON:
        return "consonants";
    case SANCTUM__SIM_INITIAL:
        return "initial";
    case SANCTUM__SIM_ABBREV:
        return "abbreviation";
    case SANCTUM__SIM_NUMBER:
        return "number";
    case SANCTUM__SIM_SOUND:
        return "sound classes";
    default:
        return "?";
    }
}

static void
put_span(char *out, size_t cap, size_t *o, const sanctum__name *nm, size_t f, size_t n)
{
    size_t k;

    for (k = f; k < f + n && k < nm->ntok; k++) {
        int w = snprintf(out + *o, cap - *o, "%s%s", k > f ? "+" : "", SANCTUM__TOK_STR(nm, k));

        if (w < 0 || (size_t)w >= cap - *o) {
            *o = cap - 1;
            return;
        }
        *o += (size_t)w;
    }
}

size_t
sanctum__match_explain_format(char *out, size_t cap, const sanctum__name *query,
                              const sanctum__name *stored, const sanctum__match_explain *why)
{
    size_t o = 0, k;
    int w;

    if (cap == 0)
        return 0;
    out[0] = '\0';
#define PUT(...)                                                   \
    do {                                                           \
        if (o + 1 < cap) {                                         \
            w = snprintf(out + o, cap - o, __VA_ARGS__);           \
            o = (w < 0 || (size_t)w >= cap - o) ? cap - 1 : o + (size_t)w; \
        }                                                          \
    } while (0)
    PUT("score %.3f (names %.3f: query covered %.2f, stored covered %.2f)", why->score,
        why->name_score, why->query_coverage, why->stored_coverage);
    for (k = 0; k < why->npairs; k++) {
        const sanctum__match_pair *p = &why->pair[k];

        PUT("%s", k == 0 ? "; " : ", ");
        if (o + 1 < cap)
            put_span(out, cap, &o, query, p->q_first, p->q_count);
        PUT("=");
        if (o + 1 < cap)
            put_span(out, cap, &o, stored, p->s_first, p->s_count);
        PUT(" %s %.2f", how_name(p->how), p->sim);
    }
    if (why->q_unmatched || why->s_unmatched)
        PUT("; unmatched: %zu query, %zu stored", why->q_unmatched, why->s_unmatched);
    if (why->flags & SANCTUM__WHY_BIRTH_CONFLICT)
        PUT("; birth year differs (x%.2f)", why->birth_factor);
    if (why->flags & SANCTUM__WHY_BIRTH_AGREES)
        PUT("; birth year agrees");
    if (why->flags & SANCTUM__WHY_NAT_CONFLICT)
        PUT("; nationality differs (x%.2f)", why->nat_factor);
    if (why->flags & SANCTUM__WHY_NAT_AGREES)
        PUT("; nationality agrees");
    if (why->flags & SANCTUM__WHY_NUMBER_CONFLICT)
        PUT("; numbers differ (x%.2f)", why->number_factor);
    if (why->flags & SANCTUM__WHY_LEGAL_CONFLICT)
        PUT("; legal forms of different jurisdictions (x%.2f)", why->legal_factor);
    if (why->flags & SANCTUM__WHY_COUNTRY_DIFFERS)
        PUT("; country word on one side only (x%.2f)", why->country_factor);
    if (why->unmatched_factor < 1.0)
        PUT("; unmatched company words (x%.2f)", why->unmatched_factor);
    if (why->flags & SANCTUM__WHY_QUERY_ALIAS)
        PUT("; via the query's former name");
    if (why->flags & SANCTUM__WHY_STORED_ALIAS)
        PUT("; via the stored former name");
    if (why->flags & SANCTUM__WHY_WEAK_ALIAS)
        PUT("; weak alias");
#undef PUT
    return o;
}
