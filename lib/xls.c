/*
 * xls.c: the rows of one sheet of an .xls workbook (BIFF, Excel 97-2003,
 * the poverty registry's own export), read with FreeXL.
 *
 * FreeXL opens a file by name, so the file is opened again through
 * /proc/self/fd (Linux), which also reaches the temporary copy of a
 * stream.  It reads the sheet's cells into memory when the sheet is
 * selected; an .xls sheet has at most 65,536 rows and 256 columns, so
 * that is bounded.  FreeXL says which numbers are dates (by their
 * format) and gives them as YYYY-MM-DD text.
 *
 * FreeXL runs in a child process of its own, which sends the rows back
 * through a pipe: fuzzing found FreeXL 1.0.6 reading past a buffer on
 * a damaged string record, and a hostile workbook must not be able to
 * touch the memory of the process that holds the database open.  The
 * parent takes the child's rows as data, length-checked, and a child
 * that dies or stalls is a damaged workbook.
 */
#include <freexl.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "sheet_int.h"

struct xls {
	const void *h;		/* FreeXL's handle */
	unsigned rows;		/* the sheet's rows */
	unsigned short cols;	/* and columns */
	unsigned next;		/* the next row to read, from 0 */
};

static int xls_fail(fdss_sheet *r, fdss_error *err, int code, const char *what)
{
	return fdss_error_set(err, FDSS_EDATA, "%s: %s: FreeXL error %d",
			      r->name, what, code);
}

/* Cell (row, col) into the row. */
static int xls_cell(fdss_sheet *r, struct xls *x, unsigned row,
		    unsigned short col)
{
	FreeXL_CellValue v;
	const char *s;

	if (freexl_get_cell_value(x->h, row, col, &v) != FREEXL_OK)
		return FDSS_EDATA;
	switch (v.type) {
	case FREEXL_CELL_INT:
		return fdss__sheet_number(r, col, v.value.int_value, 0, 0);
	case FREEXL_CELL_DOUBLE:
		return fdss__sheet_number(r, col, v.value.double_value, 0, 0);
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_TIME:
		s = v.value.text_value ? v.value.text_value : "";
		return fdss__sheet_cell(r, col, s, strlen(s), FDSS_CELL_TEXT);
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
		s = v.value.text_value ? v.value.text_value : "";
		return fdss__sheet_cell(r, col, s, strlen(s) > 10 ? 10
					: strlen(s), FDSS_CELL_DATE);
	default:
		return FDSS_OK;	/* empty */
	}
}

static int xls_next(fdss_sheet *r, fdss_error *err)
{
	struct xls *x = r->impl;
	unsigned short c;
	int rc, empty;

	for (; x->next < x->rows; x->next++) {
		fdss__sheet_row_begin(r, (long)x->next + 1);
		for (c = 0; c < x->cols; c++)
			if ((rc = xls_cell(r, x, x->next, c)) != FDSS_OK) {
				char col[8];

				fdss_sheet_column_name(c, col);
				return fdss_error_set(err, rc, "%s: sheet %s "
					"row %u column %s: %s", r->name,
					r->title, x->next + 1, col,
					rc == FDSS_ENOMEM ? "out of memory"
					: "cannot read the cell");
			}
		if ((rc = fdss__sheet_row_end(r, &empty)) != FDSS_OK)
			return fdss_error_set(err, rc, "out of memory");
		if (!empty) {
			x->next++;
			return FDSS_OK;
		}
	}
	return FDSS_EOF;
}

static void xls_free(void *impl)
{
	struct xls *x = impl;

	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x);
}

static const struct sheet_ops xls_ops = { xls_next, xls_free };

/* The names of the sheets (borrowed from FreeXL), *n of them. */
static int sheet_names(fdss_sheet *r, struct xls *x, const char ***names,
		       size_t *n, fdss_error *err)
{
	unsigned count, i;
	int rc;

	if ((rc = freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count)) !=
	    FREEXL_OK)
		return xls_fail(r, err, rc, "not an .xls workbook");
	if (!count)
		return fdss_error_set(err, FDSS_EDATA, "%s: the workbook has "
				      "no sheets", r->name);
	if (!(*names = calloc(count, sizeof(**names))))
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < count; i++)
		if (freexl_get_worksheet_name(x->h, (unsigned short)i,
					      &(*names)[i]) != FREEXL_OK ||
		    !(*names)[i])
			(*names)[i] = "";
	*n = count;
	return FDSS_OK;
}

static int select_sheet(fdss_sheet *r, struct xls *x, const char *sheet,
			fdss_error *err)
{
	const char **names = NULL;
	char list[FDSS_ERRMSG_MAX];
	size_t n = 0;
	long k;
	int rc;

	if ((rc = sheet_names(r, x, &names, &n, err)) != FDSS_OK)
		return rc;
	if ((k = fdss__sheet_pick(sheet, names, n)) < 0) {
		fdss__sheet_list(list, sizeof(list), names, n);
		rc = fdss_error_set(err, FDSS_ENOTFOUND, "%s: no sheet '%s'; "
				    "%s", r->name, sheet, list);
	} else if (!(r->title = strdup(names[k]))) {
		rc = fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	} else if ((rc = freexl_select_active_worksheet(x->h,
			(unsigned short)k)) != FREEXL_OK ||
		   (rc = freexl_worksheet_dimensions(x->h, &x->rows,
						     &x->cols)) != FREEXL_OK) {
		rc = xls_fail(r, err, rc, "cannot read the sheet");
	}
	free(names);
	return rc;
}

static int xls_open_here(fdss_sheet *r, int fd, const char *sheet,
			 fdss_error *err)
{
	struct xls *x = calloc(1, sizeof(*x));
	char path[64];
	int rc;

	if (!x) {
		close(fd);
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	}
	r->impl = x;
	r->ops = &xls_ops;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = freexl_open(path, &x->h);
	close(fd);
	if (rc == FREEXL_INSUFFICIENT_MEMORY)
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	if (rc != FREEXL_OK)
		return fdss_error_set(err, FDSS_EDATA, "%s: not an .xls "
				      "workbook, or a damaged one", r->name);
	return select_sheet(r, x, sheet, err);
}

/* --- FreeXL in a child process ------------------------------------------- */

#define XLS_CELL_MAX (16u << 20)	/* a cell's text, as the CSV reader */
#define XLS_CHILD_SECONDS 600		/* a reader that takes longer stalls */

/* The parent's side: the pipe and the child. */
struct xlsp {
	int fd;
	pid_t pid;
	char *buf;
	size_t cap;
};

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* 1 when n bytes were read, 0 at the end before any, -1 otherwise. */
static int read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		if ((k = read(fd, c + got, n - got)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0)
			return got ? -1 : 0;
		got += (size_t)k;
	}
	return 1;
}

/* A message: its tag, the length of what follows, and that. */
static int send_msg(int fd, char tag, const void *p, uint32_t n)
{
	return write_all(fd, &tag, 1) || write_all(fd, &n, sizeof(n)) ||
	       write_all(fd, p, n) ? -1 : 0;
}

/* The child: the current row of r as (kind, length, text) per cell. */
static int send_row(int fd, const fdss_sheet *r, char **buf, size_t *cap)
{
	uint32_t head[2] = { (uint32_t)r->line, (uint32_t)r->n }, len;
	size_t need = sizeof(head), i;
	char *p;

	for (i = 0; i < r->n; i++)
		need += 1 + sizeof(len) + strlen(r->text + r->off[i]);
	if (need > UINT32_MAX)
		return -1;
	if (need > *cap) {
		if (!(p = realloc(*buf, need)))
			return -1;
		*buf = p;
		*cap = need;
	}
	p = *buf;
	memcpy(p, head, sizeof(head));
	p += sizeof(head);
	for (i = 0; i < r->n; i++) {
		const char *t = r->text + r->off[i];

		len = (uint32_t)strlen(t);
		*p++ = (char)r->kind[i];
		memcpy(p, &len, sizeof(len));
		p += sizeof(len);
		memcpy(p, t, len);
		p += len;
	}
	return send_msg(fd, 'R', *buf, (uint32_t)need);
}

/* The child's whole life: open, pick the sheet, send every row. */
static void child(fdss_sheet *r, int fd, int out, const char *sheet)
{
	fdss_error err = FDSS_ERROR_INIT;
	char *buf = NULL;
	size_t cap = 0;
	int32_t code;
	int rc;

	alarm(XLS_CHILD_SECONDS);
	if ((rc = xls_open_here(r, fd, sheet, &err)) == FDSS_OK) {
		rc = send_msg(out, 'T', r->title, (uint32_t)strlen(r->title))
			     ? FDSS_EIO : FDSS_OK;
		while (rc == FDSS_OK && (rc = xls_next(r, &err)) == FDSS_OK)
			if (send_row(out, r, &buf, &cap))
				rc = FDSS_EIO;
	}
	if (rc == FDSS_EOF) {
		send_msg(out, 'D', "", 0);
	} else if (rc != FDSS_EIO) {
		code = rc;
		memmove(err.msg + sizeof(code), err.msg,
			strnlen(err.msg, sizeof(err.msg) - sizeof(code)));
		memcpy(err.msg, &code, sizeof(code));
		send_msg(out, 'E', err.msg, (uint32_t)(sizeof(code) +
			 strnlen(err.msg + sizeof(code),
				 sizeof(err.msg) - sizeof(code))));
	}
	_exit(0);
}

/* A child that ended early or sent what a child of ours does not. */
static int stopped(fdss_sheet *r, fdss_error *err)
{
	return fdss_error_set(err, FDSS_EDATA, "%s: not an .xls workbook, or "
			      "a damaged one (its reader stopped)", r->name);
}

/* The next message into p->buf: its tag, or 0 when the child stopped. */
static char recv_msg(struct xlsp *p, uint32_t *n)
{
	char tag, *b;

	if (read_all(p->fd, &tag, 1) != 1 ||
	    read_all(p->fd, n, sizeof(*n)) != 1 ||
	    *n > XLS_CELL_MAX * 4u)
		return 0;
	if (*n + 1 > p->cap) {
		if (!(b = realloc(p->buf, *n + 1)))
			return 0;
		p->buf = b;
		p->cap = *n + 1;
	}
	if (*n && read_all(p->fd, p->buf, *n) != 1)
		return 0;
	p->buf[*n] = '\0';
	return tag;
}

/* An error the child sent: its code and message. */
static int child_error(struct xlsp *p, uint32_t n, fdss_error *err)
{
	int32_t code;

	if (n < sizeof(code))
		return fdss_error_set(err, FDSS_EDATA, "damaged");
	memcpy(&code, p->buf, sizeof(code));
	if (code != FDSS_ENOMEM && code != FDSS_ENOTFOUND)
		code = FDSS_EDATA;
	return fdss_error_set(err, code, "%s", p->buf + sizeof(code));
}

/* A row the child sent, checked as data, into r. */
static int take_row(fdss_sheet *r, const char *b, uint32_t n)
{
	uint32_t head[2], len, i;
	const char *end = b + n;
	int rc, empty;

	if (n < sizeof(head))
		return FDSS_EDATA;
	memcpy(head, b, sizeof(head));
	b += sizeof(head);
	fdss__sheet_row_begin(r, (long)head[0]);
	for (i = 0; i < head[1]; i++) {
		unsigned char kind;

		if ((size_t)(end - b) < 1 + sizeof(len))
			return FDSS_EDATA;
		kind = (unsigned char)*b++;
		memcpy(&len, b, sizeof(len));
		b += sizeof(len);
		if (len > XLS_CELL_MAX || (size_t)(end - b) < len ||
		    kind > FDSS_CELL_ERROR || memchr(b, '\0', len))
			return FDSS_EDATA;
		if ((rc = fdss__sheet_cell(r, i, b, len, kind)) != FDSS_OK)
			return rc;
		b += len;
	}
	return b == end ? fdss__sheet_row_end(r, &empty) : FDSS_EDATA;
}

static int xlsp_next(fdss_sheet *r, fdss_error *err)
{
	struct xlsp *p = r->impl;
	uint32_t n;
	int rc;

	switch (recv_msg(p, &n)) {
	case 'R':
		if ((rc = take_row(r, p->buf, n)) == FDSS_OK)
			return FDSS_OK;
		return rc == FDSS_ENOMEM ? fdss_error_set(err, rc, "out of "
							   "memory")
					 : stopped(r, err);
	case 'D':
		return FDSS_EOF;
	case 'E':
		return child_error(p, n, err);
	default:
		return stopped(r, err);
	}
}

static void xlsp_free(void *impl)
{
	struct xlsp *p = impl;
	int status;

	if (!p)
		return;
	if (p->fd >= 0)
		close(p->fd);
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);	/* done, or not wanted any more */
		while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	free(p->buf);
	free(p);
}

static const struct sheet_ops xlsp_ops = { xlsp_next, xlsp_free };

int fdss__xls_open(fdss_sheet *r, int fd, const char *sheet,
		   fdss_error *err)
{
	struct xlsp *p = calloc(1, sizeof(*p));
	int pipefd[2];
	uint32_t n;
	char tag;

	if (!p || pipe(pipefd) != 0) {
		free(p);
		close(fd);
		return fdss_error_set(err, FDSS_ENOMEM, "cannot start the .xls "
				      "reader: %s", strerror(errno));
	}
	fflush(NULL);	/* nothing buffered is written twice */
	if ((p->pid = fork()) < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		free(p);
		close(fd);
		return fdss_error_set(err, FDSS_ENOMEM, "cannot start the .xls "
				      "reader: %s", strerror(errno));
	}
	if (p->pid == 0) {
		close(pipefd[0]);
		child(r, fd, pipefd[1], sheet);
	}
	close(pipefd[1]);
	close(fd);
	p->fd = pipefd[0];
	r->impl = p;
	r->ops = &xlsp_ops;
	tag = recv_msg(p, &n);
	if (tag == 'E')
		return child_error(p, n, err);
	if (tag != 'T')
		return stopped(r, err);
	if (!(r->title = strdup(p->buf)))
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}
