/*
 * chitieu.restore._native, part one: decode(), the beam search of
 * chitieu/restore/decode.py (_decode_python), step for step: the same states, the same
 * order of candidates and groups, the same pruning, the same floating-point operations
 * in the same order, so both return the same choices. N-grams are read straight from
 * the model's arrays (binary search in the sorted contexts and in each context's sorted
 * words): nothing is built per context. An index of the contexts by their first
 * syllable (index() in _native.c, built once per model) narrows the search for a
 * context to that syllable's few hundred; the answers of one call are memoised
 * (_memo.h).
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

#include "_tables.h"

/* ------------------------------------------------------------------ decode */

PyObject *
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

