/* chitieu.restore._native: the functions of _decode.c, _lines.c and _ranked.c that
 * _native.c's module table lists. */
#ifndef CHITIEU_NATIVE_H
#define CHITIEU_NATIVE_H

#include <Python.h>

PyObject *native_decode(PyObject *self, PyObject *args);
PyObject *native_line_items(PyObject *self, PyObject *args);
PyObject *native_assemble(PyObject *self, PyObject *args);
PyObject *native_line_counts(PyObject *self, PyObject *args);
PyObject *native_ranked(PyObject *self, PyObject *args);
PyObject *native_readings(PyObject *self, PyObject *args);
/* the readings of `text` ranked in advance, from the table in buf[0:len] (_ranked.c); NULL
 * without an error when the table does not have them */
PyObject *table_readings(const char *buf, Py_ssize_t len, PyObject *text, int kind, PyObject *vocab,
                         PyObject *candidate);
/* the class of a word (detect.learn_class) from the same table, kept in `known`; NULL
 * without an error when the table does not have it */
PyObject *table_class(const char *buf, Py_ssize_t len, PyObject *known, PyObject *word, int caps);

#endif
