/*
 * chitieu.restore._native, part three: ranked(), the readings of a token ranked
 * (Restorer._ranked in restorer.py), the restorer's costliest Python step on text it
 * has not seen yet: every distinct word of a document goes through it once.
 *
 * Same arithmetic in the same order as the Python method, same ties (by syllable id),
 * so the same candidates in the same order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_native.h"

typedef struct {
    long id;
    double cost;
    double value; /* cost less the unigram score: what the readings are ranked by */
} Reading;

static int
by_value(const void *x, const void *y)
{
    const Reading *a = x, *b = y;
    if (a->value < b->value)
        return -1;
    if (a->value > b->value)
        return 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The position of `id` in the table of `mask + 1` slots (linear probing; -1: empty). */
static Py_ssize_t
find_slot(const long *slots, Py_ssize_t mask, long id)
{
    Py_ssize_t i = (Py_ssize_t)(((unsigned long)id * 2654435761UL) & (unsigned long)mask);
    while (slots[i] != -1 && slots[i] != id)
        i = (i + 1) & mask;
    return i;
}

/* ranked(groups, unigram, exact, direct, readings, margin, hint, vocab, candidate) ->
 * [candidate(id, cost, vocab[id]), ...]: groups of (edit cost, spellings commonest
 * first); exact, the syllable the token's marks spell (-1: none); direct, the spellings
 * of the token's own key or None. */
PyObject *
native_ranked(PyObject *self, PyObject *args)
{
    PyObject *groups, *direct, *vocab, *candidate;
    Py_buffer b_uni;
    long exact;
    Py_ssize_t readings;
    double margin, hint;
    if (!PyArg_ParseTuple(args, "O!y*lOnddO!O:ranked", &PyList_Type, &groups, &b_uni, &exact, &direct, &readings,
                          &margin, &hint, &PyList_Type, &vocab, &candidate))
        return NULL;
    PyObject *out = NULL;
    Reading *found = NULL;
    long *slots = NULL;
    Py_ssize_t *where = NULL;
    const double *uni = b_uni.buf;
    const Py_ssize_t n_uni = b_uni.len / (Py_ssize_t)sizeof(double);
    const Py_ssize_t n_groups = PyList_GET_SIZE(groups);
    if (!PyType_Check(candidate) || !PyType_IsSubtype((PyTypeObject *)candidate, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "candidate must be a tuple type");
        goto done;
    }
    if (n_groups == 0 || readings < 1) {
        PyErr_SetString(PyExc_ValueError, "ranked: no group, or no reading wanted");
        goto done;
    }
    /* check the groups and count their spellings */
    Py_ssize_t total = 0;
    for (Py_ssize_t g = 0; g < n_groups; g++) {
        PyObject *group = PyList_GET_ITEM(groups, g);
        if (!PyTuple_Check(group) || PyTuple_GET_SIZE(group) != 2 || !PyList_Check(PyTuple_GET_ITEM(group, 1)) ||
            PyList_GET_SIZE(PyTuple_GET_ITEM(group, 1)) == 0) {
            PyErr_SetString(PyExc_TypeError, "a group is (cost, non-empty list of spellings)");
            goto done;
        }
        total += PyList_GET_SIZE(PyTuple_GET_ITEM(group, 1));
    }
    Py_ssize_t mask = 15;
    while (mask + 1 < 2 * (total + 1))
        mask = mask * 2 + 1;
    found = PyMem_Malloc((size_t)(total + 1) * sizeof(Reading));
    slots = PyMem_Malloc((size_t)(mask + 1) * sizeof(long));
    where = PyMem_Malloc((size_t)(mask + 1) * sizeof(Py_ssize_t));
    if (!found || !slots || !where) {
        PyErr_NoMemory();
        goto done;
    }
    memset(slots, 0xff, (size_t)(mask + 1) * sizeof(long));
/* the id of spelling k of list `sp`, checked; jumps to done on a bad one */
#define SPELLING(sp, k, id)                                                                                   \
    do {                                                                                                      \
        id = PyLong_AsLong(PyList_GET_ITEM(sp, k));                                                           \
        if (id == -1 && PyErr_Occurred())                                                                     \
            goto done;                                                                                        \
        if (id < 0 || id >= n_uni || id >= PyList_GET_SIZE(vocab)) {                                          \
            PyErr_Format(PyExc_ValueError, "spelling %ld outside the vocabulary", id);                        \
            goto done;                                                                                        \
        }                                                                                                     \
    } while (0)
    /* a reading scores its edit cost minus its prior; those `margin` worse than the best never win */
    double limit = 0.0;
    for (Py_ssize_t g = 0; g < n_groups; g++) {
        PyObject *group = PyList_GET_ITEM(groups, g);
        double cost = PyFloat_AsDouble(PyTuple_GET_ITEM(group, 0));
        if (cost == -1.0 && PyErr_Occurred())
            goto done;
        long id;
        SPELLING(PyTuple_GET_ITEM(group, 1), 0, id);
        double v = cost - uni[id];
        if (g == 0 || v < limit)
            limit = v;
    }
    limit += margin;
    Py_ssize_t n_found = 0;
    for (Py_ssize_t g = 0; g < n_groups; g++) {
        PyObject *group = PyList_GET_ITEM(groups, g), *sp = PyTuple_GET_ITEM(group, 1);
        double cost = PyFloat_AsDouble(PyTuple_GET_ITEM(group, 0));
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(sp); k++) {
            long id;
            SPELLING(sp, k, id);
            if (cost - uni[id] > limit)
                break; /* a key's spellings come commonest first: the rest are worse */
            Py_ssize_t s = find_slot(slots, mask, id);
            if (slots[s] == -1) {
                if (cost < 99.0) {
                    slots[s] = id;
                    where[s] = n_found;
                    found[n_found++] = (Reading){id, cost, 0.0};
                }
            } else if (cost < found[where[s]].cost) {
                found[where[s]].cost = cost;
            }
        }
    }
    if (exact >= 0) {
        /* printed with marks that spell a syllable: a hint, even for a rare spelling */
        Py_ssize_t s = find_slot(slots, mask, exact);
        if (slots[s] != -1) {
            found[where[s]].cost -= hint;
        } else if (direct != Py_None && PyList_Check(direct) && exact < n_uni && exact < PyList_GET_SIZE(vocab)) {
            for (Py_ssize_t k = 0; k < PyList_GET_SIZE(direct); k++) {
                long id = PyLong_AsLong(PyList_GET_ITEM(direct, k));
                if (id == -1 && PyErr_Occurred())
                    goto done;
                if (id == exact) {
                    found[n_found++] = (Reading){exact, -hint, 0.0};
                    break;
                }
            }
        }
    }
    for (Py_ssize_t r = 0; r < n_found; r++)
        found[r].value = found[r].cost - uni[found[r].id];
    qsort(found, (size_t)n_found, sizeof(Reading), by_value);
    if (n_found > readings)
        n_found = readings;
    /* readings far worse than the best (edit cost and prior together) never win: dropped */
    double floor = found[0].value + margin;
    out = PyList_New(0);
    if (!out)
        goto done;
    for (Py_ssize_t r = 0; r < n_found; r++) {
        if (!(found[r].value <= floor))
            continue;
        PyObject *fields =
            Py_BuildValue("((ldO))", found[r].id, found[r].cost, PyList_GET_ITEM(vocab, found[r].id));
        if (!fields) {
            Py_CLEAR(out);
            goto done;
        }
        /* tuple.__new__(candidate, (id, cost, word)): a NamedTuple made without its Python __new__ */
        PyObject *cand = PyTuple_Type.tp_new((PyTypeObject *)candidate, fields, NULL);
        Py_DECREF(fields);
        if (!cand || PyList_Append(out, cand) < 0) {
            Py_XDECREF(cand);
            Py_CLEAR(out);
            goto done;
        }
        if (PyObject_GC_IsTracked(cand))
            PyObject_GC_UnTrack(cand); /* atomic fields: out of the collector's walks (see readings below) */
        Py_DECREF(cand);
    }
#undef SPELLING
done:
    PyMem_Free(found);
    PyMem_Free(slots);
    PyMem_Free(where);
    PyBuffer_Release(&b_uni);
    return out;
}

/*
 * readings(): the readings of a common word ranked in advance (readings.py), looked up in
 * the memory-mapped table: one probe, then the candidates built from its numbers.
 */

/* the table's header (readings._HEAD), little-endian as the machines that write it */
typedef struct {
    char magic[16];
    unsigned char fingerprint[32];
    uint32_t crc, pad;
    uint64_t n_slots, n_entries, n_cands, n_bytes;
    uint64_t at_costs, at_slots, at_hashes, at_keys, at_cands, at_ids, at_kinds, at_blob;
} TableHead;

static uint32_t crc_table[256];
static int crc_ready = 0;

/* zlib.crc32 of `kind` then data[0:n] */
static uint32_t
key_crc(unsigned char kind, const char *data, Py_ssize_t n)
{
    if (!crc_ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
            crc_table[i] = c;
        }
        crc_ready = 1;
    }
    uint32_t c = 0xFFFFFFFFU;
    c = crc_table[(c ^ kind) & 0xFF] ^ (c >> 8);
    for (Py_ssize_t i = 0; i < n; i++)
        c = crc_table[(c ^ (unsigned char)data[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFU;
}

/* the arrays lie inside the buffer (readings._sound checked it when mapping; checked again
   here, cheaply, so that no buffer handed in can send a read outside itself) */
static int
table_sound(const char *buf, Py_ssize_t len)
{
    if (len < (Py_ssize_t)sizeof(TableHead))
        return 0;
    const TableHead *h = (const TableHead *)buf;
    const uint64_t n = h->n_entries, size = h->n_slots, n_cands = h->n_cands, ulen = (uint64_t)len;
    const uint64_t at[8] = {h->at_costs, h->at_slots, h->at_hashes, h->at_keys,
                            h->at_cands, h->at_ids,   h->at_kinds,  h->at_blob};
    const uint64_t sizes[8] = {8 * n_cands, 4 * size, 4 * n, 4 * (n + 1), 4 * (n + 1), 4 * n_cands, n, h->n_bytes};
    if (memcmp(h->magic, "CHITIEU-READ-1\n", 16) != 0 || size == 0 || (size & (size - 1)) || n >= size ||
        n_cands > ulen || n > ulen)
        return 0;
    for (int k = 0; k < 8; k++)
        if (at[k] % 8 || at[k] > ulen || sizes[k] > ulen - at[k])
            return 0;
    return 1;
}

/* The entry of (kind, text) in the table: 1 and its readings' span [*first, *last), 0 if
 * the table does not have it (or is not sound), -1 with an error */
static int
table_entry(const char *buf, Py_ssize_t len, PyObject *text, int kind, uint64_t *first, uint64_t *last)
{
    if (kind < 0 || kind > 255 || !table_sound(buf, len))
        return 0;
    Py_ssize_t n_text;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &n_text);
    if (!utf8)
        return -1;
    const TableHead *h = (const TableHead *)buf;
    const uint32_t *slots = (const uint32_t *)(buf + h->at_slots), *hashes = (const uint32_t *)(buf + h->at_hashes);
    const uint32_t *keys = (const uint32_t *)(buf + h->at_keys), *cands = (const uint32_t *)(buf + h->at_cands);
    const unsigned char *kinds = (const unsigned char *)(buf + h->at_kinds);
    const char *blob = buf + h->at_blob;
    const uint32_t hash = key_crc((unsigned char)kind, utf8, n_text);
    const uint64_t mask = h->n_slots - 1;
    for (uint64_t i = hash & mask, probes = 0;; i = (i + 1) & mask, probes++) {
        if (!slots[i] || probes > mask)
            return 0;
        const uint64_t e = slots[i] - 1;
        if (e >= h->n_entries || keys[e] > keys[e + 1] || keys[e + 1] > h->n_bytes)
            return 0; /* (the table checked sound at mapping time never has these) */
        if (hashes[e] == hash && kinds[e] == kind && keys[e + 1] - keys[e] == (uint64_t)n_text &&
            memcmp(blob + keys[e], utf8, (size_t)n_text) == 0) {
            *first = cands[e];
            *last = cands[e + 1];
            return *first < *last && *last <= h->n_cands;
        }
    }
}

/* The class of `word` (detect.learn_class) in a line in capitals or not, from the table,
 * kept in `known` as learn_class keeps it (emptied when full): a new reference, NULL
 * without an error if the table does not have it, with one on failure */
PyObject *
table_class(const char *buf, Py_ssize_t len, PyObject *known, PyObject *word, int caps)
{
    uint64_t first, last;
    if (table_entry(buf, len, word, 16 + !!caps, &first, &last) != 1)
        return NULL;
    const int32_t stored = ((const int32_t *)(buf + ((const TableHead *)buf)->at_ids))[first];
    PyObject *got = PyLong_FromLong(stored < 0 ? ~(long)stored : (long)stored); /* (stored as kept) */
    if (got && PyDict_GET_SIZE(known) >= 200000)
        PyDict_Clear(known);
    if (got && PyDict_SetItem(known, word, got) < 0)
        Py_CLEAR(got);
    return got;
}

/* The readings of `text` in lines of kind `kind` as a new list of `candidate`s; NULL
 * without an error if the table does not have them, with one on failure. */
PyObject *
table_readings(const char *buf, Py_ssize_t len, PyObject *text, int kind, PyObject *vocab, PyObject *candidate)
{
    uint64_t first, last;
    if (kind >= 16 || table_entry(buf, len, text, kind, &first, &last) != 1)
        return NULL;
    const TableHead *h = (const TableHead *)buf;
    const int32_t *ids = (const int32_t *)(buf + h->at_ids);
    const double *costs = (const double *)(buf + h->at_costs);
    const Py_ssize_t n_vocab = PyList_GET_SIZE(vocab);
    PyTypeObject *type = (PyTypeObject *)candidate;
    if (!PyType_Check(candidate) || !PyType_IsSubtype(type, &PyTuple_Type) ||
        type->tp_itemsize != PyTuple_Type.tp_itemsize || !type->tp_alloc) {
        PyErr_SetString(PyExc_TypeError, "candidate must be a tuple type");
        return NULL;
    }
    PyObject *out = PyList_New((Py_ssize_t)(last - first));
    if (!out)
        return NULL;
    for (uint64_t k = first; k < last; k++) {
        const int32_t stored = ids[k];
        const long id = stored < 0 ? ~(long)stored : (long)stored;
        if (id >= n_vocab) {
            Py_DECREF(out);
            return NULL;
        }
        PyObject *word = stored < 0 ? Py_None : PyList_GET_ITEM(vocab, id);
        /* what tuple.__new__(candidate, (id, cost, word)) makes (as ranked() makes them),
           without the tuple of fields: the subtype's instance of three items, filled in */
        PyObject *cand = type->tp_alloc(type, 3);
        if (!cand) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)(k - first), cand);
        PyObject *lm_id = PyLong_FromLong(id), *cost = PyFloat_FromDouble(costs[k]);
        if (!lm_id || !cost) {
            Py_XDECREF(lm_id);
            Py_XDECREF(cost);
            Py_DECREF(out);
            return NULL;
        }
        Py_INCREF(word);
        PyTuple_SET_ITEM(cand, 0, lm_id);
        PyTuple_SET_ITEM(cand, 1, cost);
        PyTuple_SET_ITEM(cand, 2, word);
        /* a number, a number and a string or None: no cycle can pass through it, so it is
           left out of the collector's walks (its first one would untrack it the same way) */
        PyObject_GC_UnTrack(cand);
    }
    return out;
}

/* readings(table, text, kind, vocab, candidate) -> [candidate, ...] or None */
PyObject *
native_readings(PyObject *self, PyObject *args)
{
    Py_buffer b;
    PyObject *text, *vocab, *candidate;
    int kind;
    if (!PyArg_ParseTuple(args, "y*UiO!O:readings", &b, &text, &kind, &PyList_Type, &vocab, &candidate))
        return NULL;
    PyObject *out = NULL;
    if (!PyType_Check(candidate) || !PyType_IsSubtype((PyTypeObject *)candidate, &PyTuple_Type))
        PyErr_SetString(PyExc_TypeError, "candidate must be a tuple type");
    else
        out = table_readings(b.buf, b.len, text, kind, vocab, candidate);
    PyBuffer_Release(&b);
    if (!out && !PyErr_Occurred())
        Py_RETURN_NONE;
    return out;
}
