/* The linker's candidate scoring in C: chitieu.catalogue._scoring.best.
 *
 * The same computation as chitieu.catalogue.scoring.best_python, in the same order of
 * floating-point operations (so the same doubles): the weight each catalogue name shares
 * with a fact's name, summed word by word in the order the words come, and the best few
 * names by that weight squared over the name's own weight. Compiled by hatch_build.py;
 * without it the Python version runs (same results). Written by the chitieu project.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    double square;
    Py_ssize_t name;
} Ranked;

/* (square, name) before another in Python's sorted(..., reverse=True) of (square, name) */
static int
before(double sq, Py_ssize_t name, const Ranked *other)
{
    return sq > other->square || (sq == other->square && name > other->name);
}

/* Adds ``weight`` to the names of ``postings``: to those already met only (``grow`` 0), or
 * to every name, the new ones starting from 0.0 (``grow`` 1). -1 on an error. */
static int
add_word(PyObject *postings, double weight, int grow, double *shared, unsigned char *met,
         Py_ssize_t *order, Py_ssize_t *count, Py_ssize_t size)
{
    PyObject *it = PyObject_GetIter(postings);
    if (it == NULL)
        return -1;
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        Py_ssize_t i = PyLong_AsSsize_t(item);
        Py_DECREF(item);
        if (i == -1 && PyErr_Occurred()) {
            Py_DECREF(it);
            return -1;
        }
        if (i < 0 || i >= size) {
            Py_DECREF(it);
            PyErr_SetString(PyExc_IndexError, "name out of range");
            return -1;
        }
        if (met[i]) {
            shared[i] = shared[i] + weight;
        } else if (grow) {
            met[i] = 1;
            shared[i] = 0.0 + weight;
            order[(*count)++] = i;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* best(bringing, scoring, inverse, k): see chitieu.catalogue.scoring.best_python */
static PyObject *
best(PyObject *self, PyObject *args)
{
    PyObject *bringing, *scoring, *inverse;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "O!O!O!n", &PyTuple_Type, &bringing, &PyTuple_Type, &scoring,
                          &PyTuple_Type, &inverse, &k))
        return NULL;
    Py_ssize_t size = PyTuple_GET_SIZE(inverse);
    if (k < 0)
        k = 0;
    double *shared = PyMem_Malloc(sizeof(double) * (size_t)(size ? size : 1));
    unsigned char *met = PyMem_Calloc((size_t)(size ? size : 1), 1);
    Py_ssize_t *order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(size ? size : 1));
    Ranked *top = PyMem_Malloc(sizeof(Ranked) * (size_t)(k ? k : 1));
    PyObject *out = NULL;
    Py_ssize_t count = 0, kept = 0;
    if (!shared || !met || !order || !top) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t w = 0; w < 2; w++) {
        PyObject *words = w == 0 ? bringing : scoring;
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(words); j++) {
            PyObject *pair = PyTuple_GET_ITEM(words, j);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                PyErr_SetString(PyExc_TypeError, "expected (postings, weight) pairs");
                goto done;
            }
            double weight = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
            if (weight == -1.0 && PyErr_Occurred())
                goto done;
            if (add_word(PyTuple_GET_ITEM(pair, 0), weight, w == 0, shared, met, order, &count, size) < 0)
                goto done;
        }
    }
    for (Py_ssize_t j = 0; j < count; j++) {
        Py_ssize_t i = order[j];
        double v = PyFloat_AsDouble(PyTuple_GET_ITEM(inverse, i));
        if (v == -1.0 && PyErr_Occurred())
            goto done;
        double x = shared[i];
        double sq = x * x;
        sq = sq * v;
        if (kept == k && (k == 0 || !before(sq, i, &top[k - 1])))
            continue;
        Py_ssize_t at = kept < k ? kept++ : k - 1;
        while (at > 0 && before(sq, i, &top[at - 1])) {
            top[at] = top[at - 1];
            at--;
        }
        top[at].square = sq;
        top[at].name = i;
    }
    out = PyList_New(kept);
    if (out == NULL)
        goto done;
    for (Py_ssize_t j = 0; j < kept; j++) {
        PyObject *row = Py_BuildValue("(dnd)", top[j].square, top[j].name, shared[top[j].name]);
        if (row == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, j, row);
    }
done:
    PyMem_Free(shared);
    PyMem_Free(met);
    PyMem_Free(order);
    PyMem_Free(top);
    return out;
}

static PyMethodDef methods[] = {
    {"best", best, METH_VARARGS,
     "best(bringing, scoring, inverse, k) -> [(square, name, shared weight)], best first"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scoring", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__scoring(void)
{
    return PyModule_Create(&module);
}
