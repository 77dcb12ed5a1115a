/*
 * chitieu.restore._native, part two: the restorer's per-token loops over a line.
 *
 * - line_items(): Restorer._line_items (restorer.py) for the common line: one that
 *   reads as clean or as stripped of its marks (mode 0 or 1), with no "_" and no "&"
 *   (so its words are the runs of letters, digits and OCR symbols), and not opening
 *   with what may be a heading's marker ("II.", "a)"). For any other line it returns
 *   None before touching anything, and the Python method does the work.
 * - assemble(): the restored line from its slots and the decoder's choices, casing
 *   each chosen word as its token was printed (restorer.py, Restorer._restore).
 *
 * Both do exactly what the Python code does, token for token; the tests compare them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_native.h"

static const Py_UCS4 OCR_SYMBOLS[] = {0x40, 0x20AC, 0xA2, 0xA5, 0xFB01}; /* @ € ¢ ¥ ﬁ */

/* a character of a word token: what [\w@€¢¥ﬁ] matches (\w: alphanumeric or "_") */
static int
is_word_char(Py_UCS4 ch)
{
    if (Py_UNICODE_ISALNUM(ch) || ch == '_')
        return 1;
    for (size_t i = 0; i < sizeof OCR_SYMBOLS / sizeof OCR_SYMBOLS[0]; i++)
        if (ch == OCR_SYMBOLS[i])
            return 1;
    return 0;
}

/* str.isdigit() of line[a:b] */
static int
span_isdigit(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (a >= b)
        return 0;
    for (Py_ssize_t i = a; i < b; i++)
        if (!Py_UNICODE_ISDIGIT(PyUnicode_READ(kind, data, i)))
            return 0;
    return 1;
}

/* str.isupper() (upper) or str.islower() (!upper) of line[a:b] */
static int
span_iscase(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, int upper)
{
    int cased = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int same = upper ? Py_UNICODE_ISUPPER(ch) : Py_UNICODE_ISLOWER(ch);
        int other = (upper ? Py_UNICODE_ISLOWER(ch) : Py_UNICODE_ISUPPER(ch)) || Py_UNICODE_ISTITLE(ch);
        if (other)
            return 0;
        if (same)
            cased = 1;
    }
    return cased;
}

/* bool(line[a:b].strip()): some character that is not white space */
static int
span_has_text(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t i = a; i < b; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            return 1;
    return 0;
}

/* line[a:b] is exactly one of "." "," "/" */
static int
span_is_join(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (b - a != 1)
        return 0;
    Py_UCS4 ch = PyUnicode_READ(kind, data, a);
    return ch == '.' || ch == ',' || ch == '/';
}

/* line holds "_" or "&" (the lines left to Python: its tokens are split otherwise) */
static int
has_join_char(int kind, const void *data, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '_' || ch == '&')
            return 1;
    }
    return 0;
}

/* The word tokens of a line as spans [spans[2k], spans[2k + 1]) (PyMem_Free them; NULL when
   out of memory), their number, the words among them that are not all digits, and those of
   them in capitals. */
static Py_ssize_t *
tokenise(int kind, const void *data, Py_ssize_t n, Py_ssize_t *n_tok, Py_ssize_t *words, Py_ssize_t *upper)
{
    Py_ssize_t *spans = PyMem_Malloc((size_t)(n + 1) * sizeof(Py_ssize_t));
    if (!spans)
        return NULL;
    for (Py_ssize_t i = 0; i < n;) {
        if (!is_word_char(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && is_word_char(PyUnicode_READ(kind, data, j)))
            j++;
        spans[2 * *n_tok] = i;
        spans[2 * *n_tok + 1] = j;
        (*n_tok)++;
        if (!span_isdigit(kind, data, i, j)) {
            (*words)++;
            *upper += span_iscase(kind, data, i, j, 1);
        }
        i = j;
    }
    return spans;
}

/* The readings of a plain lower-case word of stripped text (a-z only), as
 * Restorer._make_candidates gives them: its key's spellings ranked, unless it is an
 * abbreviation or no key; NULL without an error when the Python method must say.
 * plain: (spellings by key, abbreviations, unigram, vocab, Candidate, readings, margin, hint). */
static PyObject *
plain_readings(PyObject *plain, PyObject *text, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    for (Py_ssize_t i = a; i < b; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 'a' || ch > 'z')
            return NULL;
    }
    PyObject *by_key = PyTuple_GET_ITEM(plain, 0), *abbreviations = PyTuple_GET_ITEM(plain, 1);
    int abbr = PyDict_Contains(abbreviations, text);
    if (abbr != 0)
        return NULL; /* read as the abbreviation (or an error, which the caller sees) */
    PyObject *direct = PyDict_GetItemWithError(by_key, text); /* borrowed */
    if (!direct || !PyList_Check(direct) || PyList_GET_SIZE(direct) == 0)
        return NULL;
    PyObject *group = Py_BuildValue("(dO)", 0.0, direct);
    PyObject *groups = group ? PyList_New(1) : NULL;
    if (!groups) {
        Py_XDECREF(group);
        return NULL;
    }
    PyList_SET_ITEM(groups, 0, group);
    PyObject *args = Py_BuildValue("(OOiOOOOOO)", groups, PyTuple_GET_ITEM(plain, 2), -1, direct,
                                   PyTuple_GET_ITEM(plain, 5), PyTuple_GET_ITEM(plain, 6),
                                   PyTuple_GET_ITEM(plain, 7), PyTuple_GET_ITEM(plain, 3),
                                   PyTuple_GET_ITEM(plain, 4));
    Py_DECREF(groups);
    if (!args)
        return NULL;
    PyObject *out = native_ranked(NULL, args);
    Py_DECREF(args);
    return out;
}

/* line_items(line, mode, cache, candidates, punct, number, items, plain, marker) -> slots
 * or None; marker(line, start, end, text, mode): (item, chosen for) when the line's first
 * word is a heading's marker, else None (without it, such lines are left to Python) */
PyObject *
native_line_items(PyObject *self, PyObject *args)
{
    PyObject *line, *cache, *candidates, *punct, *number, *items, *plain = Py_None, *marker = Py_None;
    int mode;
    if (!PyArg_ParseTuple(args, "UiO!OO!O!O!|OO:line_items", &line, &mode, &PyDict_Type, &cache, &candidates,
                          &PyList_Type, &punct, &PyList_Type, &number, &PyList_Type, &items, &plain, &marker))
        return NULL;
    if (plain != Py_None && (!PyTuple_Check(plain) || PyTuple_GET_SIZE(plain) < 8 || PyTuple_GET_SIZE(plain) > 9 ||
                             !PyDict_Check(PyTuple_GET_ITEM(plain, 0)) || !PyDict_Check(PyTuple_GET_ITEM(plain, 1)) ||
                             !PyList_Check(PyTuple_GET_ITEM(plain, 3)))) {
        PyErr_SetString(PyExc_TypeError, "plain: (spellings by key, abbreviations, unigram, vocab, Candidate,"
                                         " readings, margin, hint[, table of readings])");
        return NULL;
    }
    if (mode != 0 && mode != 1)
        Py_RETURN_NONE;
    const int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(line);
    if (has_join_char(kind, data, n))
        Py_RETURN_NONE;
    /* the tokens: [spans[2k], spans[2k + 1]) */
    Py_ssize_t n_tok = 0, words = 0, upper = 0;
    Py_ssize_t *spans = tokenise(kind, data, n, &n_tok, &words, &upper);
    if (!spans)
        return PyErr_NoMemory();
    PyObject *slots = NULL, *key_mode = NULL;
    Py_buffer table = {0}; /* the readings ranked in advance (readings.py), if the restorer has them */
    if (plain != Py_None && PyTuple_GET_SIZE(plain) == 9 && PyTuple_GET_ITEM(plain, 8) != Py_None &&
        PyObject_GetBuffer(PyTuple_GET_ITEM(plain, 8), &table, PyBUF_SIMPLE) < 0)
        goto done;
    /* _is_heading (of a line that is not clean): its words cached and read apart */
    int heading = mode && words >= 2 && (double)upper >= 0.6 * (double)words;
    if (!n_tok) {
        if (span_has_text(kind, data, 0, n) && PyList_Append(items, punct) < 0)
            goto done;
        slots = PyList_New(0);
        goto done;
    }
    int maybe_marker = 0; /* the first word, followed by ".", ")" or "-": perhaps a heading's marker */
    if (!span_isdigit(kind, data, spans[0], spans[1]) && spans[1] < n) {
        Py_UCS4 after = PyUnicode_READ(kind, data, spans[1]);
        maybe_marker = after == '.' || after == ')' || after == '-';
        if (maybe_marker && marker == Py_None) {
            slots = Py_None; /* _is_marker's business, in the Python method */
            Py_INCREF(slots);
            goto done;
        }
    }
    key_mode = PyLong_FromLong(mode + 3 * heading);
    slots = PyList_New(0);
    if (!key_mode || !slots)
        goto fail;
    Py_ssize_t pos = 0;
    int last_num = 0;
    for (Py_ssize_t t = 0; t < n_tok; t++) {
        Py_ssize_t start = spans[2 * t], end = spans[2 * t + 1];
        Py_ssize_t gap_a = pos;
        pos = end;
        if (span_isdigit(kind, data, start, end)) {
            if (last_num && span_is_join(kind, data, gap_a, start))
                continue;
            if (span_has_text(kind, data, gap_a, start) && PyList_Append(items, punct) < 0)
                goto fail;
            last_num = 1;
            if (PyList_Append(items, number) < 0)
                goto fail;
            continue;
        }
        if (span_has_text(kind, data, gap_a, start) && PyList_Append(items, punct) < 0)
            goto fail;
        last_num = 0;
        PyObject *text = PyUnicode_Substring(line, start, end);
        if (!text)
            goto fail;
        if (t == 0 && maybe_marker) {
            PyObject *got = PyObject_CallFunction(marker, "OnnOi", line, start, end, text, mode);
            if (!got) {
                Py_DECREF(text);
                goto fail;
            }
            if (got != Py_None) {
                int err = !PyTuple_Check(got) || PyTuple_GET_SIZE(got) != 2 || !PyList_Check(PyTuple_GET_ITEM(got, 0));
                if (err)
                    PyErr_SetString(PyExc_TypeError, "marker: (item, chosen for) or None");
                if (!err && PyObject_IsTrue(PyTuple_GET_ITEM(got, 1))) {
                    PyObject *slot = Py_BuildValue("(nnOn)", start, end, text, PyList_GET_SIZE(items));
                    err = !slot || PyList_Append(slots, slot) < 0;
                    Py_XDECREF(slot);
                }
                err = err || PyList_Append(items, PyTuple_GET_ITEM(got, 0)) < 0;
                Py_DECREF(got);
                Py_DECREF(text);
                if (err)
                    goto fail;
                continue;
            }
            Py_DECREF(got);
        }
        PyObject *key = PyTuple_Pack(2, text, key_mode);
        if (!key) {
            Py_DECREF(text);
            goto fail;
        }
        PyObject *cands = PyDict_GetItemWithError(cache, key); /* borrowed */
        Py_DECREF(key);
        if (cands) {
            Py_INCREF(cands);
        } else if (PyErr_Occurred()) {
            Py_DECREF(text);
            goto fail;
        } else {
            cands = table.obj ? table_readings(table.buf, table.len, text, mode + 3 * heading,
                                               PyTuple_GET_ITEM(plain, 3), PyTuple_GET_ITEM(plain, 4))
                              : NULL;
            if (!cands && !PyErr_Occurred() && mode == 1 && !heading && plain != Py_None)
                cands = plain_readings(plain, text, kind, data, start, end);
            if (cands) {
                /* what Restorer._candidates does with what it makes */
                int err = PyDict_GET_SIZE(cache) > 200000 ? (PyDict_Clear(cache), 0) : 0;
                PyObject *key = PyTuple_Pack(2, text, key_mode);
                if (key)
                    PyObject_GC_UnTrack(key); /* a string and a number: out of the collector's walks */
                err = err || !key || PyDict_SetItem(cache, key, cands) < 0;
                Py_XDECREF(key);
                if (err) {
                    Py_DECREF(cands);
                    Py_DECREF(text);
                    goto fail;
                }
            } else if (PyErr_Occurred()) {
                Py_DECREF(text);
                goto fail;
            } else {
                cands = PyObject_CallFunction(candidates, "OiO", text, mode, heading ? Py_True : Py_False);
                if (!cands) {
                    Py_DECREF(text);
                    goto fail;
                }
            }
        }
        if (!PyList_Check(cands) || PyList_GET_SIZE(cands) == 0) {
            PyErr_SetString(PyExc_TypeError, "candidates must be a non-empty list");
            Py_DECREF(cands);
            Py_DECREF(text);
            goto fail;
        }
        PyObject *first = PyList_GET_ITEM(cands, 0);
        int keep = PyList_GET_SIZE(cands) == 1 && PyTuple_Check(first) && PyTuple_GET_SIZE(first) >= 3 &&
                   PyTuple_GET_ITEM(first, 2) == Py_None;
        int err = 0;
        if (!keep) {
            PyObject *slot = Py_BuildValue("(nnOn)", start, end, text, PyList_GET_SIZE(items));
            err = !slot || PyList_Append(slots, slot) < 0;
            Py_XDECREF(slot);
        }
        err = err || PyList_Append(items, cands) < 0;
        Py_DECREF(cands);
        Py_DECREF(text);
        if (err)
            goto fail;
    }
    if (span_has_text(kind, data, pos, n) && PyList_Append(items, punct) < 0)
        goto fail;
    goto done;
fail:
    Py_CLEAR(slots);
done:
    Py_XDECREF(key_mode);
    PyMem_Free(spans);
    PyBuffer_Release(&table); /* (nothing when there is none) */
    return slots;
}

/* assemble(line, slots, items, choice, case) -> the line with every slot's chosen word;
 * case(word, printed) casings a word whose token is not in lower case */
PyObject *
native_assemble(PyObject *self, PyObject *args)
{
    PyObject *line, *slots, *items, *choice, *casing;
    if (!PyArg_ParseTuple(args, "UO!O!O!O:assemble", &line, &PyList_Type, &slots, &PyList_Type, &items,
                          &PyList_Type, &choice, &casing))
        return NULL;
    const Py_ssize_t n_slots = PyList_GET_SIZE(slots), n = PyUnicode_GET_LENGTH(line);
    PyObject **words = PyMem_Calloc((size_t)n_slots + 1, sizeof(PyObject *));
    Py_ssize_t *at = PyMem_Malloc(((size_t)n_slots * 2 + 1) * sizeof(Py_ssize_t));
    PyObject *out = NULL;
    if (!words || !at) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t size = 0, pos = 0;
    Py_UCS4 maxchar = PyUnicode_MAX_CHAR_VALUE(line);
    for (Py_ssize_t s = 0; s < n_slots; s++) {
        PyObject *slot = PyList_GET_ITEM(slots, s);
        if (!PyTuple_Check(slot) || PyTuple_GET_SIZE(slot) != 4) {
            PyErr_SetString(PyExc_TypeError, "a slot is (start, end, text, item)");
            goto done;
        }
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(slot, 0));
        Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(slot, 1));
        PyObject *text = PyTuple_GET_ITEM(slot, 2);
        Py_ssize_t item = PyLong_AsSsize_t(PyTuple_GET_ITEM(slot, 3));
        if (PyErr_Occurred())
            goto done;
        if (start < pos || end < start || end > n || item < 0 || item >= PyList_GET_SIZE(items) ||
            item >= PyList_GET_SIZE(choice) || !PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_ValueError, "a slot outside its line or its items");
            goto done;
        }
        PyObject *cands = PyList_GET_ITEM(items, item);
        Py_ssize_t ci = PyLong_AsSsize_t(PyList_GET_ITEM(choice, item));
        if (ci == -1 && PyErr_Occurred())
            goto done;
        if (!PyList_Check(cands) || ci < 0 || ci >= PyList_GET_SIZE(cands)) {
            PyErr_SetString(PyExc_ValueError, "a choice outside its candidates");
            goto done;
        }
        PyObject *cand = PyList_GET_ITEM(cands, ci);
        if (!PyTuple_Check(cand) || PyTuple_GET_SIZE(cand) < 3) {
            PyErr_SetString(PyExc_TypeError, "a candidate is (id, cost, word)");
            goto done;
        }
        PyObject *word = PyTuple_GET_ITEM(cand, 2);
        if (word == Py_None) {
            word = text;
            Py_INCREF(word);
        } else if (span_iscase(PyUnicode_KIND(text), PyUnicode_DATA(text), 0, PyUnicode_GET_LENGTH(text), 0)) {
            Py_INCREF(word); /* the commonest case: written as the candidate is */
        } else {
            word = PyObject_CallFunctionObjArgs(casing, word, text, NULL);
            if (!word)
                goto done;
        }
        words[s] = word;
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "a chosen word is not a string");
            goto done;
        }
        if (PyUnicode_MAX_CHAR_VALUE(word) > maxchar)
            maxchar = PyUnicode_MAX_CHAR_VALUE(word);
        size += (start - pos) + PyUnicode_GET_LENGTH(word);
        at[2 * s] = start;
        at[2 * s + 1] = end;
        pos = end;
    }
    size += n - pos;
    out = PyUnicode_New(size, maxchar);
    if (!out)
        goto done;
    Py_ssize_t to = 0;
    pos = 0;
    for (Py_ssize_t s = 0; s < n_slots; s++) {
        Py_ssize_t len = PyUnicode_GET_LENGTH(words[s]);
        if (PyUnicode_CopyCharacters(out, to, line, pos, at[2 * s] - pos) < 0 ||
            PyUnicode_CopyCharacters(out, to + at[2 * s] - pos, words[s], 0, len) < 0) {
            Py_CLEAR(out);
            goto done;
        }
        to += at[2 * s] - pos + len;
        pos = at[2 * s + 1];
    }
    if (PyUnicode_CopyCharacters(out, to, line, pos, n - pos) < 0)
        Py_CLEAR(out);
done:
    if (words)
        for (Py_ssize_t s = 0; s < n_slots; s++)
            Py_XDECREF(words[s]);
    PyMem_Free(words);
    PyMem_Free(at);
    return out;
}

/* line_counts(line, classes, learn[, table]) -> (words, invalid, plain), or None for a line with "_" or "&" (the
 * Python code reads those): what detect.words_stats counts over the words of the line, with the capitals of a
 * heading counted (restorer.py, Restorer._modes). classes: detect.word_classes(), word -> class, one dict per caps;
 * learn(known, word, caps) classifies a word not seen yet into `known`, unless the table (readings.py) has it. */
PyObject *
native_line_counts(PyObject *self, PyObject *args)
{
    PyObject *line, *classes, *learn, *table_obj = Py_None;
    if (!PyArg_ParseTuple(args, "UO!O|O:line_counts", &line, &PyTuple_Type, &classes, &learn, &table_obj))
        return NULL;
    if (PyTuple_GET_SIZE(classes) != 2 || !PyDict_Check(PyTuple_GET_ITEM(classes, 0)) ||
        !PyDict_Check(PyTuple_GET_ITEM(classes, 1))) {
        PyErr_SetString(PyExc_TypeError, "classes: a pair of dicts");
        return NULL;
    }
    const int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(line);
    if (has_join_char(kind, data, n))
        Py_RETURN_NONE;
    /* the tokens: [spans[2k], spans[2k + 1]) */
    Py_ssize_t n_tok = 0, words = 0, upper = 0;
    Py_ssize_t *spans = tokenise(kind, data, n, &n_tok, &words, &upper);
    if (!spans)
        return PyErr_NoMemory();
    /* _is_heading: two words or more, at least 0.6 of them in capitals */
    int caps = words >= 2 && (double)upper >= 0.6 * (double)words;
    PyObject *known = PyTuple_GET_ITEM(classes, caps), *result = NULL;
    Py_ssize_t counts[4] = {0, 0, 0, 0};
    Py_buffer table = {0};
    if (table_obj != Py_None && PyObject_GetBuffer(table_obj, &table, PyBUF_SIMPLE) < 0)
        goto done;
    for (Py_ssize_t t = 0; t < n_tok; t++) {
        PyObject *word = PyUnicode_Substring(line, spans[2 * t], spans[2 * t + 1]);
        if (!word)
            goto done;
        PyObject *got = PyDict_GetItemWithError(known, word); /* borrowed */
        if (got) {
            Py_INCREF(got);
        } else if (!PyErr_Occurred() && !(table.obj && (got = table_class(table.buf, table.len, known, word, caps))) &&
                   !PyErr_Occurred()) {
            got = PyObject_CallFunctionObjArgs(learn, known, word, caps ? Py_True : Py_False, NULL);
        }
        Py_DECREF(word);
        if (!got)
            goto done;
        long k = PyLong_AsLong(got);
        Py_DECREF(got);
        if (k == -1 && PyErr_Occurred())
            goto done;
        if (k < 0 || k > 3) {
            PyErr_SetString(PyExc_ValueError, "a word class outside 0..3");
            goto done;
        }
        counts[k]++;
    }
    /* classes: 0 not counted, 1 valid with marks, 2 invalid, 3 valid without marks */
    result = Py_BuildValue("(nnn)", counts[1] + counts[2] + counts[3], counts[2], counts[3]);
done:
    PyMem_Free(spans);
    PyBuffer_Release(&table);
    return result;
}
