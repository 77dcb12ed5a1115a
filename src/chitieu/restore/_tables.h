/*
 * The decoder's data (_decode.c): the model's n-gram tables as the C code reads them
 * (sorted contexts, each context's sorted words and their one-byte scores, the index of
 * the contexts by their first syllable), binary search in them, and growable arrays.
 */
#ifndef CHITIEU_TABLES_H
#define CHITIEU_TABLES_H

#include <Python.h>
#include <stdint.h>

/* ------------------------------------------------------------------ n-gram tables */

typedef struct {
    const int64_t *contexts;
    Py_ssize_t n_contexts;
    const int64_t *offsets; /* n_contexts + 1 */
    const uint16_t *words;
    const uint8_t *scores;
    Py_ssize_t n_words;
    const int64_t *first; /* contexts whose value >> shift is v: [first[v], first[v + 1]) */
    Py_ssize_t n_first;   /* entries of first (the index covers v < n_first - 1) */
    int shift;
} Table;

static int
table_init(Table *t, Py_buffer *ctx, Py_buffer *off, Py_buffer *words, Py_buffer *scores, Py_buffer *first,
           int shift)
{
    if (ctx->len % 8 || off->len % 8 || words->len % 2 || first->len % 8 || first->len < 8) {
        PyErr_SetString(PyExc_ValueError, "n-gram arrays of the wrong item size");
        return -1;
    }
    t->first = (const int64_t *)first->buf;
    t->n_first = first->len / 8;
    t->shift = shift;
    t->contexts = (const int64_t *)ctx->buf;
    t->n_contexts = ctx->len / 8;
    t->offsets = (const int64_t *)off->buf;
    t->words = (const uint16_t *)words->buf;
    t->scores = (const uint8_t *)scores->buf;
    t->n_words = words->len / 2;
    if (off->len / 8 != t->n_contexts + 1 || scores->len != t->n_words) {
        PyErr_SetString(PyExc_ValueError, "n-gram arrays do not match");
        return -1;
    }
    /* an index that does not fit its contexts would send the search astray */
    if (t->first[0] != 0 || t->first[t->n_first - 1] > t->n_contexts) {
        PyErr_SetString(PyExc_ValueError, "context index does not match its contexts");
        return -1;
    }
    for (Py_ssize_t v = 1; v < t->n_first; v++)
        if (t->first[v] < t->first[v - 1]) {
            PyErr_SetString(PyExc_ValueError, "context index does not match its contexts");
            return -1;
        }
    return 0;
}

/* The words after `ctx`: [*lo, *hi) in t->words (empty if the context is unknown). */
static void
table_range(const Table *t, int64_t ctx, Py_ssize_t *lo, Py_ssize_t *hi)
{
    Py_ssize_t a = 0, b = t->n_contexts;
    int64_t v = ctx >> t->shift;
    if (v >= 0 && v < t->n_first - 1) {
        a = (Py_ssize_t)t->first[v];
        b = (Py_ssize_t)t->first[v + 1];
    } else if (v >= 0) {
        a = (Py_ssize_t)t->first[t->n_first - 1];
    }
    while (a < b) {
        Py_ssize_t mid = a + (b - a) / 2;
        if (t->contexts[mid] < ctx)
            a = mid + 1;
        else
            b = mid;
    }
    *lo = *hi = 0;
    if (a < t->n_contexts && t->contexts[a] == ctx) {
        int64_t x = t->offsets[a], y = t->offsets[a + 1];
        /* a damaged table must not make us read outside the arrays */
        if (x >= 0 && x <= y && y <= t->n_words) {
            *lo = (Py_ssize_t)x;
            *hi = (Py_ssize_t)y;
        }
    }
}

/* Index of word `w` in [lo, hi) of t->words (sorted), or -1. */
static Py_ssize_t
table_find(const Table *t, Py_ssize_t lo, Py_ssize_t hi, long w)
{
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        long v = t->words[mid];
        if (v < w)
            lo = mid + 1;
        else if (v > w)
            hi = mid;
        else
            return mid;
    }
    return -1;
}

/* ------------------------------------------------------------------ growable arrays */

typedef struct {
    int64_t key;
    double score;
    int32_t ci;   /* candidate index taken */
    int32_t from; /* index of the state it came from, in the previous step */
} Entry;

typedef struct {
    Entry *v;
    Py_ssize_t n, cap;
} Entries;

/* Resizes the array at *slot (a pointer to any pointer) to n items of `size` bytes. */
static int
grow(void *slot, Py_ssize_t n, size_t size)
{
    void **at = (void **)slot;
    void *p = PyMem_Realloc(*at, (size_t)n * size);
    if (!p) {
        PyErr_NoMemory();
        return -1;
    }
    *at = p;
    return 0;
}

static int
entries_reserve(Entries *e, Py_ssize_t cap)
{
    if (cap <= e->cap)
        return 0;
    if (grow(&e->v, cap, sizeof(Entry)) < 0)
        return -1;
    e->cap = cap;
    return 0;
}

static int
entries_push(Entries *e, Entry x)
{
    if (e->n == e->cap && entries_reserve(e, e->cap ? e->cap * 2 : 64) < 0)
        return -1;
    e->v[e->n++] = x;
    return 0;
}

/* per item: a unique candidate id (first occurrence, cheapest cost) and its reading */
typedef struct {
    long id;
    int32_t ci;
    double cost;
    double base;      /* unigram back-off score less the channel cost */
    double follow;    /* bigram score after the group's p1, when hit */
} Unique;

typedef struct {
    int64_t ctx1;
    Py_ssize_t best; /* index of the group's best state */
    double best_score;
    Py_ssize_t hits_at; /* offset of this group's hit flags */
} Rest;

#endif
