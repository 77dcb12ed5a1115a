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

#endif
