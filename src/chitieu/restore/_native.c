/*
 * chitieu.restore._native: the restorer's inner loops in C.
 *
 * - decode() (in _decode.c): the beam search of chitieu/restore/decode.py.
 * - index(): the index of the model's n-gram contexts by their first syllable, built
 *   once per model, that narrows the decoder's search for a context.
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

#include "_native.h"

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
    {"readings", native_readings, METH_VARARGS,
     "readings(table, text, kind, vocab, candidate) -> the readings of a common word ranked in advance"
     " (readings.py), or None"},
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
