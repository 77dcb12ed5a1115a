/*
 * Memos of n-gram look-ups for one call of the decoder (_native.c).
 *
 * The decoder asks the model the same questions over and over: which candidates of a
 * token follow a syllable (every repeated phrase of a report asks again), and each
 * answer is a binary search in arrays far bigger than the processor's caches. The
 * restorer gives every occurrence of a word the same list of candidates, so a question
 * is a pair (that list, the context); its answer, one value per distinct candidate, is
 * kept in a pool and found again with one probe.
 *
 * A memo is open addressing over pairs (a, b) with a != 0, grown when half full; its
 * values are offsets into a Pool of int16. The decoder forgets them all (memo_clear,
 * pool.n = 0) when they hold more than MEMO_MAX pairs or POOL_MAX values, so that a long
 * text costs no more memory than some tens of thousands of words (40 MB at most).
 */
#ifndef CHITIEU_MEMO_H
#define CHITIEU_MEMO_H

#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    int64_t a, b; /* a == 0: empty */
    Py_ssize_t at;
} MemoSlot;

#ifndef MEMO_MAX /* (the tests build the module with small limits, to see them reached) */
#define MEMO_MAX (1 << 17)
#endif
#ifndef POOL_MAX
#define POOL_MAX (1 << 21)
#endif

typedef struct {
    MemoSlot *slots;
    Py_ssize_t mask, n;
} Memo;

typedef struct {
    int16_t *v;
    Py_ssize_t n, cap;
} Pool;

static inline Py_ssize_t
memo_slot(int64_t a, int64_t b, Py_ssize_t mask)
{
    uint64_t h = ((uint64_t)a ^ ((uint64_t)b * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
    return (Py_ssize_t)(h >> 24) & mask;
}

/* an empty memo of at least `want` slots (a power of two); -1 if out of memory */
static int
memo_alloc(Memo *m, Py_ssize_t want)
{
    Py_ssize_t cap = 1024;
    while (cap < want)
        cap *= 2;
    MemoSlot *slots = PyMem_Calloc((size_t)cap, sizeof(MemoSlot));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    m->slots = slots;
    m->mask = cap - 1;
    m->n = 0;
    return 0;
}

static void
memo_free(Memo *m)
{
    PyMem_Free(m->slots);
    m->slots = NULL;
}

/* forgets every pair, keeping the slots */
static void
memo_clear(Memo *m)
{
    memset(m->slots, 0, (size_t)(m->mask + 1) * sizeof(MemoSlot));
    m->n = 0;
}

/* 1 and *at if (a, b) is in the memo, else 0 */
static inline int
memo_get(const Memo *m, int64_t a, int64_t b, Py_ssize_t *at)
{
    for (Py_ssize_t i = memo_slot(a, b, m->mask);; i = (i + 1) & m->mask) {
        const MemoSlot *s = &m->slots[i];
        if (!s->a)
            return 0;
        if (s->a == a && s->b == b) {
            *at = s->at;
            return 1;
        }
    }
}

/* adds (a, b) -> at, the pair not in the memo yet; -1 if out of memory */
static int
memo_put(Memo *m, int64_t a, int64_t b, Py_ssize_t at)
{
    if (2 * (m->n + 1) > m->mask + 1) {
        Memo bigger;
        if (memo_alloc(&bigger, 2 * (m->mask + 1)) < 0)
            return -1;
        for (Py_ssize_t i = 0; i <= m->mask; i++) {
            const MemoSlot *s = &m->slots[i];
            if (s->a) {
                Py_ssize_t j = memo_slot(s->a, s->b, bigger.mask);
                while (bigger.slots[j].a)
                    j = (j + 1) & bigger.mask;
                bigger.slots[j] = *s;
            }
        }
        bigger.n = m->n;
        memo_free(m);
        *m = bigger;
    }
    Py_ssize_t i = memo_slot(a, b, m->mask);
    while (m->slots[i].a)
        i = (i + 1) & m->mask;
    m->slots[i] = (MemoSlot){a, b, at};
    m->n++;
    return 0;
}

/* room for n more values; their offset, or -1 if out of memory (the pool may move) */
static Py_ssize_t
pool_take(Pool *p, Py_ssize_t n)
{
    if (p->n + n > p->cap) {
        Py_ssize_t cap = p->cap ? p->cap : 4096;
        while (cap < p->n + n)
            cap *= 2;
        int16_t *v = PyMem_Realloc(p->v, (size_t)cap * sizeof(int16_t));
        if (!v) {
            PyErr_NoMemory();
            return -1;
        }
        p->v = v;
        p->cap = cap;
    }
    Py_ssize_t at = p->n;
    p->n += n;
    return at;
}

#endif
