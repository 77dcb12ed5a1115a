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
#include <stdlib.h>

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
