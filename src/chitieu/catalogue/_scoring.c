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
#include <math.h>
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

/* The buffers of best(), kept between calls (the GIL is held throughout: no other call
 * can come in between), grown to the number of names; ``met`` is all zeros between calls. */
static double *shared_buf;
static unsigned char *met_buf;
static Py_ssize_t *order_buf;
static Py_ssize_t capacity;

static int
reserve(Py_ssize_t size)
{
    if (size <= capacity)
        return 0;
    double *shared = PyMem_Realloc(shared_buf, sizeof(double) * (size_t)size);
    if (shared == NULL)
        return -1;
    shared_buf = shared;
    Py_ssize_t *order = PyMem_Realloc(order_buf, sizeof(Py_ssize_t) * (size_t)size);
    if (order == NULL)
        return -1;
    order_buf = order;
    unsigned char *met = PyMem_Realloc(met_buf, (size_t)size);
    if (met == NULL)
        return -1;
    memset(met + capacity, 0, (size_t)(size - capacity));
    met_buf = met;
    capacity = size;
    return 0;
}

/* Adds ``weight`` to the names of ``postings`` (bytes of C ints): to those already met only
 * (``grow`` 0), or to every name, the new ones starting from 0.0 (``grow`` 1). -1 on an error. */
static int
add_word(PyObject *postings, double weight, int grow, Py_ssize_t *count, Py_ssize_t size)
{
    if (!PyBytes_Check(postings)) {
        PyErr_SetString(PyExc_TypeError, "postings must be bytes of C ints");
        return -1;
    }
    Py_ssize_t length = PyBytes_GET_SIZE(postings);
    if (length % (Py_ssize_t)sizeof(int) != 0) {
        PyErr_SetString(PyExc_ValueError, "postings must be bytes of C ints");
        return -1;
    }
    const char *raw = PyBytes_AS_STRING(postings);
    for (Py_ssize_t at = 0; at < length; at += (Py_ssize_t)sizeof(int)) {
        int name;
        memcpy(&name, raw + at, sizeof(int));
        if (name < 0 || name >= size) {
            PyErr_SetString(PyExc_IndexError, "name out of range");
            return -1;
        }
        if (met_buf[name]) {
            shared_buf[name] = shared_buf[name] + weight;
        } else if (grow) {
            met_buf[name] = 1;
            shared_buf[name] = 0.0 + weight;
            order_buf[(*count)++] = name;
        }
    }
    return 0;
}

/* best(bringing, scoring, inverse, k, total): see chitieu.catalogue.scoring.best_python */
static PyObject *
best(PyObject *self, PyObject *args)
{
    PyObject *bringing, *scoring, *inverse;
    Py_ssize_t k;
    double total;
    if (!PyArg_ParseTuple(args, "O!O!O!nd", &PyTuple_Type, &bringing, &PyTuple_Type, &scoring,
                          &PyTuple_Type, &inverse, &k, &total))
        return NULL;
    Py_ssize_t size = PyTuple_GET_SIZE(inverse);
    if (k < 0)
        k = 0;
    if (reserve(size) < 0)
        return PyErr_NoMemory();
    Ranked small[16];
    Ranked *top = k <= 16 ? small : PyMem_Malloc(sizeof(Ranked) * (size_t)k);
    PyObject *out = NULL;
    Py_ssize_t count = 0, kept = 0;
    if (top == NULL) {
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
            if (add_word(PyTuple_GET_ITEM(pair, 0), weight, w == 0, &count, size) < 0)
                goto done;
        }
    }
    for (Py_ssize_t j = 0; j < count; j++) {
        Py_ssize_t i = order_buf[j];
        double v = PyFloat_AsDouble(PyTuple_GET_ITEM(inverse, i));
        if (v == -1.0 && PyErr_Occurred())
            goto done;
        double x = shared_buf[i];
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
    out = PyTuple_New(3 * kept);
    if (out == NULL)
        goto done;
    for (Py_ssize_t j = 0; j < kept; j++) {
        /* math.sqrt is C's sqrt: the same double */
        PyObject *name = PyLong_FromSsize_t(top[j].name);
        PyObject *shared = PyFloat_FromDouble(shared_buf[top[j].name]);
        PyObject *score = PyFloat_FromDouble(sqrt(top[j].square / total));
        if (name == NULL || shared == NULL || score == NULL) {
            Py_XDECREF(name);
            Py_XDECREF(shared);
            Py_XDECREF(score);
            Py_CLEAR(out);
            goto done;
        }
        PyTuple_SET_ITEM(out, 3 * j, name);
        PyTuple_SET_ITEM(out, 3 * j + 1, shared);
        PyTuple_SET_ITEM(out, 3 * j + 2, score);
    }
done:
    for (Py_ssize_t j = 0; j < count; j++)
        met_buf[order_buf[j]] = 0;
    if (top != small)
        PyMem_Free(top);
    return out;
}

static PyMethodDef methods[] = {
    {"best", best, METH_VARARGS,
     "best(bringing, scoring, inverse, k, total) -> (name, shared, score, name, ...), best first"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scoring", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__scoring(void)
{
    return PyModule_Create(&module);
}
