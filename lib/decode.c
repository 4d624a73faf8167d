/*
 * Input decoding for imports, and SHA-256.
 *
 * The decoder reads the raw input in fixed chunks into raw, hashes each
 * chunk as it arrives, and makes UTF-8 text of it: for UTF-8 input the
 * checked prefix of raw itself, for GB18030 and GBK what iconv wrote into
 * out.  A character cut by the end of a chunk (a UTF-8 sequence shorter
 * than its lead byte says, iconv's EINVAL) stays at the end of raw and is
 * moved to the front before the next chunk is read behind it.  Memory is
 * the two buffers, whatever the input's size.
 *
 * Line and byte for messages are counted in the raw input: line ends
 * (LF, CRLF or a lone CR, as the CSV reader has them) are counted in each
 * chunk before it is dropped, and in the failing chunk up to the bad
 * byte.  Neither UTF-8 nor GB18030 has 0x0A or 0x0D inside a multibyte
 * character, so counting raw bytes is exact.
 *
 * The stream handed to the caller is made with fopencookie.  When a bad
 * byte is found, the text before it is still delivered, then the next
 * read fails (ferror on the stream) and fdss_decoder_status says why.
 *
 * SHA-256 follows FIPS 180-4.  The compression function is written twice:
 * in portable C, and with the x86 SHA extensions (about eight times as
 * fast), chosen by CPUID when a hash starts.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(FDSS_SHA256_PORTABLE)
#define HAVE_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "fdss/decode.h"
#include "fdss/text.h"
#include "sheet_int.h"

#define RAW_CAP (128 * 1024)		/* raw bytes per read */
#define OUT_CAP (2 * RAW_CAP)		/* iconv output per round */
#define FBUF_CAP (64 * 1024)		/* the stream's own buffer */

/* --- SHA-256 ------------------------------------------------------------ */

struct sha256 {
	uint32_t h[8];		/* chaining value */
	uint64_t len;		/* bytes hashed */
	unsigned char buf[64];	/* partial block */
	size_t nbuf;		/* bytes in buf */
	int ni;			/* use the SHA extensions */
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* FIPS 180-4 §6.2.2 over nblocks 64-byte blocks at p. */
static void compress_c(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int i;

	for (; nblocks; nblocks--, p += 64) {
		for (i = 0; i < 16; i++)
			w[i] = load_be32(p + 4 * i);
		for (i = 16; i < 64; i++)
			w[i] = w[i - 16] + w[i - 7] +
			       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
				(w[i - 15] >> 3)) +
			       (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
				(w[i - 2] >> 10));
		a = h[0], b = h[1], c = h[2], d = h[3];
		e = h[4], f = h[5], g = h[6], hh = h[7];
		for (i = 0; i < 64; i++) {
			t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
			     ((e & f) ^ (~e & g)) + K[i] + w[i];
			t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
			     ((a & b) ^ (a & c) ^ (b & c));
			hh = g, g = f, f = e, e = d + t1;
			d = c, c = b, b = a, a = t1 + t2;
		}
		h[0] += a, h[1] += b, h[2] += c, h[3] += d;
		h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
	}
}

#ifdef HAVE_SHANI
static int cpu_has_shani(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
	    !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & bit_SHA) != 0;
}

/*
 * The same rounds with SHA256RNDS2, which keeps the state as two
 * vectors, ABEF and CDGH, and SHA256MSG1/2 for the message schedule:
 * m0..m3 hold the last sixteen schedule words, four to a vector.
 */
#define NI_ROUNDS(g, m) do { \
	__m128i k_ = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * (g)])); \
	cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k_); \
	abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(k_, 0x0E)); \
} while (0)
/* w16..19 from w0..3 (a), w4..7, w8..11 and w12..15 (d), into a. */
#define NI_SCHEDULE(a, b, c, d) \
	a = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(a, b), \
					       _mm_alignr_epi8(d, c, 4)), d)

__attribute__((target("sha,sse4.1,ssse3")))
static void compress_ni(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11,
					   4, 5, 6, 7, 0, 1, 2, 3);
	__m128i abef, cdgh, t, m0, m1, m2, m3, abef0, cdgh0;
	int g;

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]),
				 0x1B);
	abef = _mm_alignr_epi8(t, cdgh, 8);
	cdgh = _mm_blend_epi16(cdgh, t, 0xF0);
	for (; nblocks; nblocks--, p += 64) {
		abef0 = abef;
		cdgh0 = cdgh;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
		NI_ROUNDS(0, m0);
		NI_ROUNDS(1, m1);
		NI_ROUNDS(2, m2);
		NI_ROUNDS(3, m3);
		for (g = 4; g < 16; g += 4) {
			NI_SCHEDULE(m0, m1, m2, m3);
			NI_ROUNDS(g, m0);
			NI_SCHEDULE(m1, m2, m3, m0);
			NI_ROUNDS(g + 1, m1);
			NI_SCHEDULE(m2, m3, m0, m1);
			NI_ROUNDS(g + 2, m2);
			NI_SCHEDULE(m3, m0, m1, m2);
			NI_ROUNDS(g + 3, m3);
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	t = _mm_shuffle_epi32(abef, 0x1B);
	cdgh = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, cdgh, 0xF0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, t, 8));
}
#endif

static void compress(struct sha256 *s, const unsigned char *p, size_t nblocks)
{
#ifdef HAVE_SHANI
	if (s->ni) {
		compress_ni(s->h, p, nblocks);
		return;
	}
#endif
	compress_c(s->h, p, nblocks);
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->nbuf = 0;
#ifdef HAVE_SHANI
	s->ni = cpu_has_shani();
#else
	s->ni = 0;
#endif
}

static void sha256_update(struct sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	s->len += n;
	if (s->nbuf) {
		k = 64 - s->nbuf < n ? 64 - s->nbuf : n;
		memcpy(s->buf + s->nbuf, p, k);
		s->nbuf += k;
		p += k;
		n -= k;
		if (s->nbuf < 64)
			return;
		compress(s, s->buf, 1);
		s->nbuf = 0;
	}
	if (n >= 64) {
		compress(s, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	memcpy(s->buf, p, n);
	s->nbuf = n;
}

/* Pad, finish and write the digest of s (which is spent) as hex. */
static void sha256_hex(struct sha256 *s, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	uint64_t bits = s->len * 8;
	unsigned char tail[72];
	size_t padn = (s->nbuf < 56 ? 56 : 120) - s->nbuf;
	int i;

	memset(tail, 0, sizeof(tail));
	tail[0] = 0x80;
	for (i = 0; i < 8; i++)
		tail[padn + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(s, tail, padn + 8);
	for (i = 0; i < 32; i++) {
		unsigned char b = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));

		hex[2 * i] = digits[b >> 4];
		hex[2 * i + 1] = digits[b & 15];
	}
	hex[64] = '\0';
}

void fdss_sha256_hex(char hex[65], const void *data, size_t n)
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, n);
	sha256_hex(&s, hex);
}

/* --- the decoder ----------------------------------------------------- */

/* The encodings understood, by the names a user may give. */
static const struct {
	const char *name;	/* as given, case-insensitive */
	const char *iconv;	/* iconv's name, NULL for UTF-8 */
	const char *label;	/* for messages */
} encodings[] = {
	{ "utf-8", NULL, "UTF-8" },
	{ "utf8", NULL, "UTF-8" },
	{ "gb18030", "GB18030", "GB18030" },
	{ "gbk", "GBK", "GBK" },
	{ "cp936", "GBK", "GBK" },
};

struct fdss_decoder {
	FILE *in;		/* raw input, not ours */
	FILE *stream;		/* the UTF-8 side (fopencookie) */
	char *name;		/* input name for messages */
	const char *label;	/* encoding name for messages */
	iconv_t cd;		/* (iconv_t)-1 for UTF-8 input */
	struct sha256 sha;	/* of every raw byte read */
	long long bytes;	/* raw bytes read */
	unsigned char *raw;	/* RAW_CAP bytes: unread input is raw[rdone, rlen) */
	size_t rlen;		/* bytes in raw */
	size_t rdone;		/* raw[0, rdone) is delivered or converted */
	int partial;		/* raw ends inside a character: read more */
	int eof;		/* in has ended (or failed) */
	char *out;		/* OUT_CAP bytes of iconv output */
	const char *ready;	/* text not yet handed to the stream */
	size_t nready;		/* its length */
	long long base;		/* input offset of raw[0] */
	size_t counted;		/* newlines of raw[0, counted) are in line */
	long line;		/* line number at raw[counted] */
	int after_cr;		/* the byte before raw[counted] is a CR */
	long long line_start;	/* input offset where that line starts */
	fdss_error err;		/* the failure that stopped the stream */
	char *fbuf;		/* FBUF_CAP bytes, the stream's buffer */
};

/*
 * Count the line ends of raw[counted, upto): LF, CRLF (one) or a lone CR,
 * as the CSV reader counts them.  The next LF and the next CR are found
 * with memchr and kept, so each byte is looked at about twice.
 */
static void count_lines(fdss_decoder *d, size_t upto)
{
	size_t i = d->counted, lf = 0, cr = 0, e;
	int have_lf = 0, have_cr = 0;

	while (i < upto) {
		if (!have_lf || lf < i) {
			const unsigned char *q = memchr(d->raw + i, '\n', upto - i);

			lf = q ? (size_t)(q - d->raw) : upto;
			have_lf = 1;
		}
		if (!have_cr || cr < i) {
			const unsigned char *q = memchr(d->raw + i, '\r', upto - i);

			cr = q ? (size_t)(q - d->raw) : upto;
			have_cr = 1;
		}
		e = lf < cr ? lf : cr;
		if (e == upto)
			break;
		/* the LF of a CRLF ends no other line */
		if (!(d->raw[e] == '\n' &&
		      (e > d->counted ? d->raw[e - 1] == '\r' : d->after_cr)))
			d->line++;
		d->line_start = d->base + (long long)e + 1;
		i = e + 1;
	}
	if (upto > d->counted) {
		d->after_cr = d->raw[upto - 1] == '\r';
		d->counted = upto;
	}
}

/* Bytes in the UTF-8 sequence that lead byte c starts (1 if none). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 1;
}

/*
 * How many bytes at raw[pos] to show for a bad sequence: the lead byte
 * and those it claims, up to and including the first that breaks it.
 */
static size_t bad_len(const fdss_decoder *d, size_t pos)
{
	const unsigned char *p = d->raw + pos;
	size_t avail = d->rlen - pos, want = 1, i;

	if (d->cd == (iconv_t)-1)
		want = utf8_len(p[0]);
	else if (p[0] >= 0x81 && p[0] <= 0xFE && avail > 1)
		want = p[1] >= 0x30 && p[1] <= 0x39 ? 4 : 2;
	if (want > avail)
		want = avail;
	if (d->cd != (iconv_t)-1)
		return want;
	for (i = 1; i < want; i++)
		if ((p[i] & 0xC0) != 0x80)
			return i + 1;
	return want;
}

/*
 * Stop the stream: raw[pos] starts a sequence that is not valid, or, if
 * partial is set at the end of the input, one that the input cuts short.
 */
static void fail_at(fdss_decoder *d, size_t pos)
{
	char hex[4 * 5 + 1], *h = hex;
	size_t i, n = bad_len(d, pos);
	const char *hint = "";

	count_lines(d, pos);
	for (i = 0; i < n; i++)
		h += snprintf(h, (size_t)(hex + sizeof(hex) - h), "%s0x%02X",
			      i ? " " : "", d->raw[pos + i]);
	if (d->partial && d->eof)
		hint = ": the input ends inside a character";
	else if (d->cd == (iconv_t)-1)
		hint = "; if the file comes from Excel on Chinese Windows, "
		       "try --encoding gb18030";
	fdss_error_set(&d->err, FDSS_EDATA, "%s:%ld: byte %lld: not valid %s (%s)%s",
		       d->name, d->line, d->base + (long long)pos - d->line_start + 1,
		       d->label, hex, hint);
}

/*
 * Drop raw[0, rdone), keep the unread rest at the front and read the next
 * chunk behind it, hashing it.
 */
static void refill(fdss_decoder *d)
{
	size_t keep = d->rlen - d->rdone, want, n;

	count_lines(d, d->rdone);
	memmove(d->raw, d->raw + d->rdone, keep);
	d->base += (long long)d->rdone;
	d->counted = 0;
	d->rdone = 0;
	d->rlen = keep;
	d->partial = 0;
	if (d->eof)
		return;
	want = RAW_CAP - keep;
	n = fread(d->raw + keep, 1, want, d->in);
	sha256_update(&d->sha, d->raw + keep, n);
	d->bytes += (long long)n;
	d->rlen += n;
	if (n < want) {
		d->eof = 1;
		if (ferror(d->in))
			fdss_error_set(&d->err, FDSS_EIO, "cannot read '%s': %s",
				       d->name, strerror(errno));
	}
}

/* Next text for UTF-8 input: the checked part of a fresh chunk. */
static void next_utf8(fdss_decoder *d)
{
	size_t bad;

	refill(d);
	if (d->err.code)
		return;
	d->ready = (const char *)d->raw;
	if (fdss_utf8_valid((const char *)d->raw, d->rlen, &bad)) {
		d->rdone = d->nready = d->rlen;
		return;
	}
	d->rdone = d->nready = bad;
	if (d->rlen - bad < utf8_len(d->raw[bad])) {
		d->partial = 1;	/* cut by the chunk's end: decide later */
		if (!d->eof)
			return;
	}
	fail_at(d, bad);
}

/* Next text for GB18030 or GBK input: one round of iconv into out. */
static void next_iconv(fdss_decoder *d)
{
	char *ip, *op = d->out;
	size_t il, ol = OUT_CAP;

	if (d->rdone == d->rlen || d->partial) {
		if (d->eof && d->partial) {
			fail_at(d, d->rdone);
			return;
		}
		refill(d);
		if (d->err.code || d->rlen == 0)
			return;
	}
	ip = (char *)d->raw + d->rdone;
	il = d->rlen - d->rdone;
	if (iconv(d->cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno == EINVAL)
			d->partial = 1;
		else if (errno == EILSEQ)
			fail_at(d, (size_t)((unsigned char *)ip - d->raw));
	}
	d->rdone = (size_t)((unsigned char *)ip - d->raw);
	d->ready = d->out;
	d->nready = (size_t)(op - d->out);
}

static ssize_t stream_read(void *cookie, char *buf, size_t size)
{
	fdss_decoder *d = cookie;
	size_t n;

	while (d->nready == 0) {
		if (d->err.code) {
			errno = d->err.code == FDSS_EIO ? EIO : EILSEQ;
			return -1;
		}
		if (d->eof && d->rdone == d->rlen)
			return 0;
		if (d->cd == (iconv_t)-1)
			next_utf8(d);
		else
			next_iconv(d);
	}
	n = d->nready < size ? d->nready : size;
	memcpy(buf, d->ready, n);
	d->ready += n;
	d->nready -= n;
	return (ssize_t)n;
}

static int stream_close(void *cookie)
{
	(void)cookie;	/* the decoder owns everything */
	return 0;
}

int fdss_decoder_new(fdss_decoder **out, FILE **stream, FILE *in,
		     const char *name, const char *encoding, fdss_error *err)
{
	cookie_io_functions_t io = { stream_read, NULL, NULL, stream_close };
	fdss_decoder *d = NULL;
	size_t i, k = sizeof(encodings) / sizeof(encodings[0]);
	int rc = FDSS_ENOMEM;

	*out = NULL;
	*stream = NULL;
	for (i = 0; encoding && i < k; i++)
		if (strcasecmp(encoding, encodings[i].name) == 0)
			break;
	if (!encoding)
		i = 0;
	if (i == k)
		return fdss_error_set(err, FDSS_EINVAL, "unknown encoding '%s'; "
				      "use utf-8, gb18030 or gbk", encoding);
	d = calloc(1, sizeof(*d));
	if (!d)
		goto fail;
	d->cd = (iconv_t)-1;
	d->in = in;
	d->label = encodings[i].label;
	d->line = 1;
	d->name = strdup(name ? name : "<stdin>");
	d->raw = malloc(RAW_CAP);
	d->fbuf = malloc(FBUF_CAP);
	if (encodings[i].iconv && !(d->out = malloc(OUT_CAP)))
		goto fail;
	if (!d->name || !d->raw || !d->fbuf)
		goto fail;
	if (encodings[i].iconv) {
		d->cd = iconv_open("UTF-8", encodings[i].iconv);
		if (d->cd == (iconv_t)-1) {
			rc = fdss_error_set(err, FDSS_EINVAL, "encoding '%s' is not "
					    "available: %s", encoding, strerror(errno));
			goto fail;
		}
	}
	sha256_init(&d->sha);
	d->stream = fopencookie(d, "r", io);
	if (!d->stream || setvbuf(d->stream, d->fbuf, _IOFBF, FBUF_CAP) != 0)
		goto fail;
	*out = d;
	*stream = d->stream;
	return FDSS_OK;
fail:
	if (rc == FDSS_ENOMEM)
		fdss_error_set(err, rc, "out of memory");
	fdss_decoder_free(d);
	return rc;
}

int fdss_decoder_status(const fdss_decoder *d, fdss_error *err)
{
	if (d->err.code == FDSS_OK)
		return FDSS_OK;
	return fdss_error_set(err, d->err.code, "%s", d->err.msg);
}

void fdss_decoder_sha256(fdss_decoder *d, char hex[65])
{
	struct sha256 s = d->sha;	/* finish a copy: hashing goes on */

	sha256_hex(&s, hex);
}

long long fdss_decoder_bytes(const fdss_decoder *d)
{
	return d->bytes;
}

void fdss_decoder_free(fdss_decoder *d)
{
	if (!d)
		return;
	if (d->stream)
		fclose(d->stream);
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	free(d->name);
	free(d->raw);
	free(d->out);
	free(d->fbuf);
	free(d);
}

/* --- whole files (workbooks) ----------------------------------------- */

/*
 * Read in to its end, hashing every byte, and write each byte to copy
 * too when copy is not NULL (declared in sheet_int.h).
 */
int fdss__sha256_copy(FILE *in, FILE *copy, char hex[65], long long *bytes)
{
	unsigned char *buf = malloc(1 << 16);
	struct sha256 s;
	size_t n;
	int rc = FDSS_OK;

	if (!buf)
		return FDSS_ENOMEM;
	sha256_init(&s);
	*bytes = 0;
	while ((n = fread(buf, 1, 1 << 16, in)) > 0) {
		sha256_update(&s, buf, n);
		*bytes += (long long)n;
		if (copy && fwrite(buf, 1, n, copy) != n) {
			rc = FDSS_EIO;
			break;
		}
	}
	if (ferror(in))
		rc = FDSS_EIO;
	sha256_hex(&s, hex);
	free(buf);
	return rc;
}
