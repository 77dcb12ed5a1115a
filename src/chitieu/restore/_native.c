/*
 * chitieu.restore._native: the restorer's two inner loops in C.
 *
 * - decode(): the beam search of chitieu/restore/decode.py (_decode_python), step for
 *   step: the same states, the same order of candidates and groups, the same pruning,
 *   the same floating-point operations in the same order, so both return the same
 *   choices. N-grams are read straight from the model's arrays (binary search in the
 *   sorted contexts and in each context's sorted words): nothing is built per context.
 *   An index of the contexts by their first syllable (index() below, built once per
 *   model) narrows the search for a context to that syllable's few hundred.
 * - walk(): the bounded edit-distance search of chitieu/restore/channel.py (KeyTrie._walk)
 *   over a trie flattened into arrays.
 * - line_items(), line_counts() and assemble() (in _lines.c): the restorer's loops over
 *   the tokens of a line, before and after the decoder; ranked() (in _ranked.c): the
 *   readings of a token, ranked.
 *
 * The Python versions stay, are used when this module is not built, and the tests
 * compare the two.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_memo.h"
#include "_native.h"

#define BITS 15
#define MASK ((1LL << BITS) - 1)

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

/* ------------------------------------------------------------------ decode */

static PyObject *
native_decode(PyObject *self, PyObject *args)
{
    PyObject *items;
    Py_buffer b_ctx, b_off, b_words, b_scores, t_ctx, t_off, t_words, t_scores, b_uni, b_table, b_first,
        t_first;
    Py_ssize_t start, beam;
    double margin, backoff;
    if (!PyArg_ParseTuple(args, "O!y*y*y*y*y*y*y*y*y*y*y*y*ndnd:decode", &PyList_Type, &items, &b_ctx, &b_off,
                          &b_words, &b_scores, &t_ctx, &t_off, &t_words, &t_scores, &b_uni, &b_table, &b_first,
                          &t_first, &start, &margin, &beam, &backoff))
        return NULL;

    PyObject *result = NULL;
    Entries cur = {0}, nxt = {0}, top_k = {0}, back = {0};
    Py_ssize_t *step_at = NULL;
    Unique *uniq = NULL;
    Py_ssize_t *order = NULL, *group_of = NULL, *group_p1 = NULL, *members = NULL;
    Py_ssize_t *tri_at = NULL;
    char *hit_flags = NULL;
    /* answers already looked up in this call (_memo.h): (candidates, p1) -> per distinct
     * candidate its bigram score's byte, or -1 where the model has none; (candidates, p2 p1)
     * -> the same for trigrams, of the candidates that follow p1 */
    Memo m_bi = {0}, m_tri = {0};
    Pool pool = {0};
    /* each candidate list read once: (list, 0) -> its entry in `lists`, which points to its
     * distinct candidates and their order in the pools */
    Memo m_list = {0};
    struct {
        Py_ssize_t at, n;
    } *lists = NULL;
    Unique *u_pool = NULL;
    Py_ssize_t *o_pool = NULL, n_lists = 0, lists_cap = 0, u_pool_n = 0, u_pool_cap = 0;
    Rest *rest = NULL;
    Py_ssize_t uniq_cap = 0, state_cap = 0, hit_cap = 0;

    Table bi, tri;
    if (table_init(&bi, &b_ctx, &b_off, &b_words, &b_scores, &b_first, 0) < 0 ||
        table_init(&tri, &t_ctx, &t_off, &t_words, &t_scores, &t_first, BITS) < 0)
        goto done;
    if (b_uni.len % 8 || b_table.len != 256 * 8) {
        PyErr_SetString(PyExc_ValueError, "unigram or score table of the wrong size");
        goto done;
    }
    if (beam < 1) {
        PyErr_SetString(PyExc_ValueError, "beam must be at least 1");
        goto done;
    }
    const double *uni = (const double *)b_uni.buf;
    const Py_ssize_t n_vocab = b_uni.len / 8;
    const double *table = (const double *)b_table.buf;
    if (start < 0 || start >= n_vocab) {
        PyErr_SetString(PyExc_ValueError, "start id outside the vocabulary");
        goto done;
    }
    const double bo2 = 2 * backoff;
    const Py_ssize_t n_items = PyList_GET_SIZE(items);

    step_at = PyMem_Malloc((size_t)(n_items + 2) * sizeof(Py_ssize_t));
    if (!step_at) {
        PyErr_NoMemory();
        goto done;
    }
    if (entries_push(&cur, (Entry){((int64_t)start << BITS) | start, 0.0, 0, -1}) < 0)
        goto done;
    Py_ssize_t room = n_items < MEMO_MAX ? n_items : MEMO_MAX;
    if (memo_alloc(&m_bi, 2 * room) < 0 || memo_alloc(&m_tri, 2 * room) < 0 || memo_alloc(&m_list, room) < 0)
        goto done;

    for (Py_ssize_t step = 0; step <= n_items; step++) {
        /* a long text: forget what the memos hold (their answers are looked up again) */
        if (m_bi.n > MEMO_MAX || m_tri.n > MEMO_MAX || pool.n > POOL_MAX) {
            memo_clear(&m_bi);
            memo_clear(&m_tri);
            pool.n = 0;
        }
        if (m_list.n > MEMO_MAX || u_pool_n > POOL_MAX) {
            memo_clear(&m_list);
            n_lists = 0;
            u_pool_n = 0;
        }
        PyObject *cands = NULL;
        Py_ssize_t n_cands = 1;
        if (step < n_items) {
            cands = PyList_GET_ITEM(items, step);
            if (!PyList_Check(cands)) {
                PyErr_Format(PyExc_TypeError, "item %zd is not a list of candidates", step);
                goto done;
            }
            n_cands = PyList_GET_SIZE(cands);
            if (n_cands == 0) {
                PyErr_Format(PyExc_ValueError, "item %zd has no candidate", step);
                goto done;
            }
        }
        if (n_cands > uniq_cap) {
            Py_ssize_t cap = n_cands * 2;
            if (grow(&uniq, cap, sizeof *uniq) < 0 || grow(&order, cap, sizeof *order) < 0)
                goto done;
            uniq_cap = cap;
        }
        Py_ssize_t n_uniq = 0, known;
        if (cands && memo_get(&m_list, (int64_t)(intptr_t)cands, 0, &known)) {
            n_uniq = lists[known].n;
            memcpy(uniq, u_pool + lists[known].at, (size_t)n_uniq * sizeof *uniq);
            memcpy(order, o_pool + lists[known].at, (size_t)n_uniq * sizeof *order);
            goto read;
        }
        /* the candidates, one per id: the first of the cheapest */
        for (Py_ssize_t k = 0; k < n_cands; k++) {
            long id;
            double cost;
            if (cands) {
                PyObject *cand = PyList_GET_ITEM(cands, k);
                if (!PyTuple_Check(cand) || PyTuple_GET_SIZE(cand) < 2) {
                    PyErr_Format(PyExc_TypeError, "candidate %zd of item %zd is not a Candidate", k, step);
                    goto done;
                }
                id = PyLong_AsLong(PyTuple_GET_ITEM(cand, 0));
                if (id == -1 && PyErr_Occurred())
                    goto done;
                cost = PyFloat_AsDouble(PyTuple_GET_ITEM(cand, 1));
                if (cost == -1.0 && PyErr_Occurred())
                    goto done;
                if (id < 0 || id >= n_vocab) {
                    PyErr_Format(PyExc_ValueError, "candidate id %ld outside the vocabulary", id);
                    goto done;
                }
            } else {
                id = (long)start; /* the end of the text */
                cost = 0.0;
            }
            Py_ssize_t u = 0;
            while (u < n_uniq && uniq[u].id != id)
                u++;
            if (u == n_uniq) {
                uniq[n_uniq++] = (Unique){id, (int32_t)k, cost, 0.0, 0.0};
            } else if (cost < uniq[u].cost) {
                uniq[u].ci = (int32_t)k;
                uniq[u].cost = cost;
            }
        }
        /* readings, best back-off first (stable) */
        for (Py_ssize_t u = 0; u < n_uniq; u++) {
            uniq[u].base = uni[uniq[u].id] + bo2 - uniq[u].cost;
            Py_ssize_t j = u;
            while (j > 0 && uniq[order[j - 1]].base < uniq[u].base) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = u;
        }
        if (cands) {
            if (n_lists == lists_cap) {
                lists_cap = lists_cap ? 2 * lists_cap : 256;
                if (grow(&lists, lists_cap, sizeof *lists) < 0)
                    goto done;
            }
            if (u_pool_n + n_uniq > u_pool_cap) {
                while (u_pool_n + n_uniq > u_pool_cap)
                    u_pool_cap = u_pool_cap ? 2 * u_pool_cap : 1024;
                if (grow(&u_pool, u_pool_cap, sizeof *u_pool) < 0 || grow(&o_pool, u_pool_cap, sizeof *o_pool) < 0)
                    goto done;
            }
            memcpy(u_pool + u_pool_n, uniq, (size_t)n_uniq * sizeof *uniq);
            memcpy(o_pool + u_pool_n, order, (size_t)n_uniq * sizeof *order);
            lists[n_lists].at = u_pool_n;
            lists[n_lists].n = n_uniq;
            u_pool_n += n_uniq;
            if (memo_put(&m_list, (int64_t)(intptr_t)cands, 0, n_lists++) < 0)
                goto done;
        }
    read:
        if (n_cands == 1 && cur.n == 1) {
            /* one path and one reading: a plain shift */
            int64_t key = ((cur.v[0].key & MASK) << BITS) | uniq[0].id;
            step_at[step] = back.n;
            if (entries_push(&back, (Entry){key, cur.v[0].score, 0, 0}) < 0)
                goto done;
            cur.v[0].key = key;
            continue;
        }
        /* states grouped by their last syllable, groups in order of first appearance */
        if (cur.n > state_cap) {
            Py_ssize_t cap = cur.n * 2;
            if (grow(&group_of, cap, sizeof *group_of) < 0 || grow(&group_p1, cap, sizeof *group_p1) < 0 ||
                grow(&members, cap, sizeof *members) < 0 || grow(&rest, cap, sizeof *rest) < 0 ||
                grow(&tri_at, cap, sizeof *tri_at) < 0)
                goto done;
            state_cap = cap;
        }
        if (cur.n * n_uniq > hit_cap) {
            Py_ssize_t cap = cur.n * n_uniq * 2;
            if (grow(&hit_flags, cap, 1) < 0)
                goto done;
            hit_cap = cap;
        }
        Py_ssize_t n_groups = 0;
        for (Py_ssize_t s = 0; s < cur.n; s++) {
            Py_ssize_t p1 = (Py_ssize_t)(cur.v[s].key & MASK), g = 0;
            while (g < n_groups && group_p1[g] != p1)
                g++;
            if (g == n_groups)
                group_p1[n_groups++] = p1;
            group_of[s] = g;
        }
        nxt.n = 0;
        double top = -INFINITY;
        Py_ssize_t n_rest = 0;
        /* candidates that follow p1 as a bigram (and perhaps p2 p1 as a trigram) */
        for (Py_ssize_t g = 0; g < n_groups; g++) {
            int64_t ctx1 = (int64_t)group_p1[g] << BITS;
            char *hit = hit_flags + g * n_uniq;
            Py_ssize_t n_hit = 0, bi_at;
            if (!cands || !memo_get(&m_bi, (int64_t)(intptr_t)cands, group_p1[g], &bi_at)) {
                Py_ssize_t lo, hi;
                bi_at = pool_take(&pool, n_uniq);
                if (bi_at < 0)
                    goto done;
                table_range(&bi, group_p1[g], &lo, &hi);
                for (Py_ssize_t u = 0; u < n_uniq; u++) {
                    Py_ssize_t at = table_find(&bi, lo, hi, uniq[u].id);
                    pool.v[bi_at + u] = at >= 0 ? bi.scores[at] : -1;
                }
                if (cands && memo_put(&m_bi, (int64_t)(intptr_t)cands, group_p1[g], bi_at) < 0)
                    goto done;
            }
            for (Py_ssize_t u = 0; u < n_uniq; u++) {
                int v = pool.v[bi_at + u];
                hit[u] = v >= 0;
                if (v >= 0) {
                    uniq[u].follow = table[v];
                    n_hit++;
                }
            }
            Py_ssize_t n_members = 0;
            for (Py_ssize_t s = 0; s < cur.n; s++)
                if (group_of[s] == g)
                    members[n_members++] = s;
            if (n_hit < n_uniq) {
                Py_ssize_t best = members[0];
                for (Py_ssize_t m = 1; m < n_members; m++)
                    if (cur.v[members[m]].score > cur.v[best].score)
                        best = members[m];
                rest[n_rest++] = (Rest){ctx1, best, cur.v[best].score, g * n_uniq};
            }
            if (!n_hit)
                continue;
            for (Py_ssize_t m = 0; m < n_members; m++) {
                int64_t state = cur.v[members[m]].key;
                if (cands && memo_get(&m_tri, (int64_t)(intptr_t)cands, state, &tri_at[m]))
                    continue;
                Py_ssize_t lo, hi, at = pool_take(&pool, n_uniq);
                if (at < 0)
                    goto done;
                table_range(&tri, state, &lo, &hi);
                for (Py_ssize_t u = 0; u < n_uniq; u++) {
                    Py_ssize_t found = hit[u] ? table_find(&tri, lo, hi, uniq[u].id) : -1;
                    pool.v[at + u] = found >= 0 ? tri.scores[found] : -1;
                }
                if (cands && memo_put(&m_tri, (int64_t)(intptr_t)cands, state, at) < 0)
                    goto done;
                tri_at[m] = at;
            }
            for (Py_ssize_t u = 0; u < n_uniq; u++) {
                if (!hit[u])
                    continue;
                double b = uniq[u].follow + backoff;
                double total = -INFINITY;
                Py_ssize_t from = -1;
                for (Py_ssize_t m = 0; m < n_members; m++) {
                    int v = pool.v[tri_at[m] + u];
                    double t = cur.v[members[m]].score + (v >= 0 ? table[v] : b);
                    if (t > total) {
                        total = t;
                        from = members[m];
                    }
                }
                total -= uniq[u].cost;
                if (total > -INFINITY) {
                    if (entries_push(&nxt, (Entry){ctx1 | uniq[u].id, total, uniq[u].ci, (int32_t)from}) < 0)
                        goto done;
                    if (total > top)
                        top = total;
                }
            }
        }
        /* the others score their unigram back-off: best first, while within the margin */
        for (Py_ssize_t r = 0; r < n_rest; r++) {
            const char *hit = hit_flags + rest[r].hits_at;
            Py_ssize_t taken = 0;
            for (Py_ssize_t k = 0; k < n_uniq; k++) {
                Py_ssize_t u = order[k];
                if (hit[u])
                    continue;
                double total = rest[r].best_score + uniq[u].base;
                if (total < top - margin || taken >= beam)
                    break;
                if (total > -INFINITY) {
                    Entry e = {rest[r].ctx1 | uniq[u].id, total, uniq[u].ci, (int32_t)rest[r].best};
                    if (entries_push(&nxt, e) < 0)
                        goto done;
                    taken++;
                    if (total > top)
                        top = total;
                }
            }
        }
        /* keep the best `beam` (stable order when there are more), above the floor */
        double floor = top - margin;
        Entries *kept = &nxt;
        if (nxt.n > beam) {
            if (entries_reserve(&top_k, beam) < 0)
                goto done;
            top_k.n = 0;
            for (Py_ssize_t i = 0; i < nxt.n; i++) {
                Entry e = nxt.v[i];
                if (top_k.n == beam && !(e.score > top_k.v[beam - 1].score))
                    continue;
                Py_ssize_t j = top_k.n < beam ? top_k.n++ : beam - 1;
                while (j > 0 && top_k.v[j - 1].score < e.score) {
                    top_k.v[j] = top_k.v[j - 1];
                    j--;
                }
                top_k.v[j] = e;
            }
            kept = &top_k;
        }
        Py_ssize_t n_kept = 0;
        for (Py_ssize_t i = 0; i < kept->n; i++)
            if (kept->v[i].score > floor)
                kept->v[n_kept++] = kept->v[i];
        kept->n = n_kept;
        if (!n_kept) {
            PyErr_Format(PyExc_RuntimeError, "no path left at item %zd", step);
            goto done;
        }
        step_at[step] = back.n;
        if (entries_reserve(&cur, n_kept) < 0)
            goto done;
        for (Py_ssize_t i = 0; i < n_kept; i++) {
            if (entries_push(&back, kept->v[i]) < 0)
                goto done;
            cur.v[i] = kept->v[i];
        }
        cur.n = n_kept;
    }
    step_at[n_items + 1] = back.n;

    /* the best final state (the first of equals), then back through the steps */
    Py_ssize_t idx = 0;
    for (Py_ssize_t i = 1; i < cur.n; i++)
        if (cur.v[i].score > cur.v[idx].score)
            idx = i;
    result = PyList_New(n_items);
    if (!result)
        goto done;
    for (Py_ssize_t step = n_items; step >= 0; step--) {
        Py_ssize_t at = step_at[step] + idx;
        if (at >= step_at[step + 1]) {
            PyErr_SetString(PyExc_RuntimeError, "broken back-pointers");
            Py_CLEAR(result);
            goto done;
        }
        Entry e = back.v[at];
        if (step < n_items) {
            PyObject *ci = PyLong_FromLong(e.ci);
            if (!ci) {
                Py_CLEAR(result);
                goto done;
            }
            PyList_SET_ITEM(result, step, ci);
        }
        idx = e.from;
    }

done:
    PyMem_Free(cur.v);
    PyMem_Free(nxt.v);
    PyMem_Free(top_k.v);
    PyMem_Free(back.v);
    PyMem_Free(step_at);
    PyMem_Free(uniq);
    PyMem_Free(order);
    PyMem_Free(group_of);
    PyMem_Free(group_p1);
    PyMem_Free(members);
    PyMem_Free(hit_flags);
    PyMem_Free(tri_at);
    PyMem_Free(pool.v);
    memo_free(&m_bi);
    memo_free(&m_tri);
    memo_free(&m_list);
    PyMem_Free(lists);
    PyMem_Free(u_pool);
    PyMem_Free(o_pool);
    PyMem_Free(rest);
    PyBuffer_Release(&b_ctx);
    PyBuffer_Release(&b_off);
    PyBuffer_Release(&b_words);
    PyBuffer_Release(&b_scores);
    PyBuffer_Release(&t_ctx);
    PyBuffer_Release(&t_off);
    PyBuffer_Release(&t_words);
    PyBuffer_Release(&t_scores);
    PyBuffer_Release(&b_uni);
    PyBuffer_Release(&b_table);
    PyBuffer_Release(&b_first);
    PyBuffer_Release(&t_first);
    return result;
}

/* ------------------------------------------------------------------ context index */

/* index(contexts, shift, size) -> bytes of size + 1 int64: entry v is the first position
 * of a context >= v << shift (contexts sorted ascending), so the contexts whose value >>
 * shift is v are [entry v, entry v + 1). */
static PyObject *
native_index(PyObject *self, PyObject *args)
{
    Py_buffer b_ctx;
    int shift;
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "y*in:index", &b_ctx, &shift, &size))
        return NULL;
    PyObject *out = NULL;
    if (b_ctx.len % 8 || shift < 0 || shift > 40 || size < 0 || size > (1 << 20)) {
        PyErr_SetString(PyExc_ValueError, "contexts of the wrong item size, or a bad shift or size");
        goto done;
    }
    const int64_t *ctx = (const int64_t *)b_ctx.buf;
    const Py_ssize_t n = b_ctx.len / 8;
    for (Py_ssize_t i = 1; i < n; i++)
        if (ctx[i] < ctx[i - 1]) {
            PyErr_SetString(PyExc_ValueError, "contexts are not sorted");
            goto done;
        }
    out = PyBytes_FromStringAndSize(NULL, (size + 1) * 8);
    if (!out)
        goto done;
    int64_t *first = (int64_t *)PyBytes_AS_STRING(out);
    Py_ssize_t i = 0;
    for (Py_ssize_t v = 0; v <= size; v++) {
        int64_t low = (int64_t)v << shift;
        while (i < n && ctx[i] < low)
            i++;
        first[v] = i;
    }
done:
    PyBuffer_Release(&b_ctx);
    return out;
}

/* ------------------------------------------------------------------ trie walk */

typedef struct {
    const int32_t *child_start, *child_count, *edge_letter, *edge_node, *node_key;
    Py_ssize_t n_nodes, n_edges;
    const double *subs, *pairs, *ins, *dels;
    Py_ssize_t n, n_letters;
    double bound;
    double *rows; /* (depth + 1) rows of n + 1 costs */
    Py_ssize_t max_depth;
    PyObject *keys, *found;
} Walk;

static int
walk_node(Walk *w, Py_ssize_t node, Py_ssize_t depth)
{
    const Py_ssize_t n = w->n, nl = w->n_letters;
    const double *prev = w->rows + depth * (n + 1);
    double *row = w->rows + (depth + 1) * (n + 1);
    int32_t first = w->child_start[node], count = w->child_count[node];
    if (first < 0 || count < 0 || (Py_ssize_t)first + count > w->n_edges) {
        PyErr_SetString(PyExc_ValueError, "broken trie");
        return -1;
    }
    for (int32_t e = first; e < first + count; e++) {
        int32_t l = w->edge_letter[e], child = w->edge_node[e];
        if (l < 0 || l >= nl || child < 0 || child >= w->n_nodes) {
            PyErr_SetString(PyExc_ValueError, "broken trie");
            return -1;
        }
        double ins = w->ins[l];
        double cost = prev[0] + ins;
        row[0] = cost;
        double best = cost;
        for (Py_ssize_t j = 1; j <= n; j++) {
            cost = prev[j - 1] + w->subs[(j - 1) * nl + l];
            double alt = prev[j] + ins;
            if (alt < cost)
                cost = alt;
            alt = row[j - 1] + w->dels[j - 1];
            if (alt < cost)
                cost = alt;
            if (w->pairs && j >= 2) {
                double pc = w->pairs[j * nl + l];
                if (!isnan(pc) && prev[j - 2] + pc < cost)
                    cost = prev[j - 2] + pc;
            }
            row[j] = cost;
            if (cost < best)
                best = cost;
        }
        if (best > w->bound)
            continue;
        int32_t key = w->node_key[child];
        if (key >= 0 && row[n] <= w->bound) {
            if (key >= PyTuple_GET_SIZE(w->keys)) {
                PyErr_SetString(PyExc_ValueError, "broken trie");
                return -1;
            }
            PyObject *c = PyFloat_FromDouble(row[n]);
            if (!c)
                return -1;
            int err = PyDict_SetItem(w->found, PyTuple_GET_ITEM(w->keys, key), c);
            Py_DECREF(c);
            if (err < 0)
                return -1;
        }
        if (w->child_count[child] > 0) {
            if (depth + 2 > w->max_depth) {
                PyErr_SetString(PyExc_ValueError, "trie deeper than declared");
                return -1;
            }
            if (walk_node(w, child, depth + 1) < 0)
                return -1;
            /* the child's walk wrote deeper rows only: this row is still ours */
        }
    }
    return 0;
}

static PyObject *
native_walk(PyObject *self, PyObject *args)
{
    Py_buffer b_start, b_count, b_letter, b_node, b_key, b_subs, b_pairs, b_ins, b_dels;
    PyObject *keys;
    Py_ssize_t max_depth;
    double bound;
    b_pairs.obj = NULL;
    b_pairs.buf = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*O!ny*z*y*y*d:walk", &b_start, &b_count, &b_letter, &b_node, &b_key,
                          &PyTuple_Type, &keys, &max_depth, &b_subs, &b_pairs, &b_ins, &b_dels, &bound))
        return NULL;
    PyObject *found = NULL;
    double *rows = NULL;
    Walk w;
    w.n = b_dels.len / 8;
    w.n_letters = b_ins.len / 8;
    w.n_nodes = b_start.len / 4;
    w.n_edges = b_letter.len / 4;
    if (b_start.len % 4 || b_count.len != b_start.len || b_key.len != b_start.len || b_node.len != b_letter.len ||
        b_letter.len % 4 || b_ins.len % 8 || b_dels.len % 8 || w.n_nodes < 1 || max_depth < 1 ||
        b_subs.len != w.n * w.n_letters * 8 ||
        (b_pairs.buf && b_pairs.len != (w.n + 1) * w.n_letters * 8)) {
        PyErr_SetString(PyExc_ValueError, "walk: arrays of the wrong size");
        goto done;
    }
    w.child_start = b_start.buf;
    w.child_count = b_count.buf;
    w.edge_letter = b_letter.buf;
    w.edge_node = b_node.buf;
    w.node_key = b_key.buf;
    w.subs = b_subs.buf;
    w.pairs = b_pairs.buf;
    w.ins = b_ins.buf;
    w.dels = b_dels.buf;
    w.bound = bound;
    w.keys = keys;
    w.max_depth = max_depth;
    rows = PyMem_Malloc((size_t)(max_depth + 1) * (size_t)(w.n + 1) * sizeof(double));
    found = PyDict_New();
    if (!rows || !found) {
        if (!rows)
            PyErr_NoMemory();
        Py_CLEAR(found);
        goto done;
    }
    w.rows = rows;
    w.found = found;
    rows[0] = 0.0;
    for (Py_ssize_t j = 1; j <= w.n; j++)
        rows[j] = rows[j - 1] + w.dels[j - 1];
    if (walk_node(&w, 0, 0) < 0)
        Py_CLEAR(found);
done:
    PyMem_Free(rows);
    PyBuffer_Release(&b_start);
    PyBuffer_Release(&b_count);
    PyBuffer_Release(&b_letter);
    PyBuffer_Release(&b_node);
    PyBuffer_Release(&b_key);
    PyBuffer_Release(&b_subs);
    if (b_pairs.obj || b_pairs.buf)
        PyBuffer_Release(&b_pairs);
    PyBuffer_Release(&b_ins);
    PyBuffer_Release(&b_dels);
    return found;
}

static PyMethodDef methods[] = {
    {"decode", native_decode, METH_VARARGS,
     "decode(items, bigram contexts, offsets, words, scores, trigram contexts, offsets, words, scores,"
     " unigram, table, bigram index, trigram index, start, margin, beam, backoff)"
     " -> best candidate index per item"},
    {"index", native_index, METH_VARARGS,
     "index(contexts, shift, size) -> int64 bytes: first position of a context >= v << shift, v <= size"},
    {"walk", native_walk, METH_VARARGS,
     "walk(child_start, child_count, edge_letter, edge_node, node_key, keys, max_depth, subs, pairs,"
     " ins, dels, bound) -> {key: cost} within bound"},
    {"line_items", native_line_items, METH_VARARGS,
     "line_items(line, mode, cache, candidates, punct, number, items) -> slots, or None for a line"
     " the Python method must read (see _lines.c)"},
    {"assemble", native_assemble, METH_VARARGS,
     "assemble(line, slots, items, choice, case) -> the line with the chosen word of every slot"},
    {"line_counts", native_line_counts, METH_VARARGS,
     "line_counts(line, classes, learn) -> (words, invalid, plain) as detect.words_stats counts them,"
     " or None for a line with '_' or '&'"},
    {"ranked", native_ranked, METH_VARARGS,
     "ranked(groups, unigram, exact, direct, readings, margin, hint, vocab, candidate) -> the readings"
     " of a token, best first (see _ranked.c)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "The restorer's inner loops in C (see decode.py and channel.py).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    return PyModule_Create(&module);
}
