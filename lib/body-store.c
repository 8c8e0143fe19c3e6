/*
 * body-store.c - documents' bodies, kept apart from their stored data.
 *
 * Xapian compresses a document's data with zlib and inflates all of it
 * to read any of it.  A page of ten hits with snippets reads ten bodies,
 * and that inflating was the larger part of the page's cost: the ten
 * bodies of `primary` in the kernel documentation (190 KB) took 0.83 ms
 * to read as document data, 0.09 ms as below.  So an index of format 3
 * keeps each body in its user metadata, under FOLIO__META_BODY_PREFIX
 * and the document's id, packed with LZ4, which unpacks several times
 * faster than zlib inflates:
 *
 *   'L', the body's length (4 bytes, little-endian), the LZ4 block
 *
 * The body is kept as it is (not escaped as in a body line), so reading
 * it back needs no unescaping either.
 *
 * Why the metadata: its entries are committed with the documents, in
 * the same transaction, and copied by Xapian's compaction and
 * replication; keyed by the id, not the docid, they stay right when a
 * compaction of several databases renumbers the documents.  Values
 * would not do: Xapian reads them in chunks of many documents, so one
 * large value costs the reading of its neighbours.
 */
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lz4hc.h>

#include "folio-private.h"

#define PACKED_LZ4 'L'
#define HEADER_BYTES 5
/* LZ4HC level 4: on the kernel documentation, 14.1 MB against 16.0 MB
 * for LZ4's fast mode, in 0.29 s against 0.06 s for the 30 MB (level
 * 9: 14.0 MB in 0.37 s).  Unpacking is as fast at any level. */
#define PACK_LEVEL 4

static int body_key(folio__buf *key, const char *id)
{
	int rc = folio__buf_puts(key, FOLIO__META_BODY_PREFIX);
	if (rc == 0)
		rc = folio__buf_puts(key, id);
	return rc;
}

int folio__body_pack(folio__buf *out, const char *id, const char *body,
		     size_t len)
{
	folio__buf_clear(out);
	if (len == 0)
		return 0;
	if (len > (size_t)LZ4_MAX_INPUT_SIZE)
		return folio__error_set(FOLIO_EINVALID,
					"the body of '%s' is %zu bytes; at "
					"most %d can be stored: split the "
					"document",
					id, len, LZ4_MAX_INPUT_SIZE);
	int bound = LZ4_compressBound((int)len);
	int rc = folio__buf_grow(out, HEADER_BYTES + (size_t)bound);
	if (rc < 0)
		return rc;
	unsigned char *p = (unsigned char *)out->ptr;
	p[0] = PACKED_LZ4;
	for (int i = 0; i < 4; i++)
		p[1 + i] = (unsigned char)(len >> (8 * i));
	int n = LZ4_compress_HC(body, out->ptr + HEADER_BYTES, (int)len, bound,
				PACK_LEVEL);
	if (n <= 0)
		return folio__error_set(FOLIO_EINVALID,
					"the body of '%s' could not be "
					"packed for the index",
					id);
	out->len = HEADER_BYTES + (size_t)n;
	out->ptr[out->len] = '\0';
	return 0;
}

int folio__body_store_put(folio__xdb *xdb, const char *id, const char *packed,
			  size_t len)
{
	folio__buf key = FOLIO__BUF_INIT;
	int rc = body_key(&key, id);
	if (rc == 0)
		rc = folio__xdb_set_metadata_bytes(xdb, key.ptr, packed, len);
	folio__buf_free(&key);
	return rc;
}

static int corrupt(const char *id)
{
	return folio__error_set(FOLIO_ECORRUPT,
				"the stored body of '%s' is damaged: check the "
				"index with xapian-check, or rebuild it",
				id);
}

int folio__body_store_get(folio__buf *out, folio__xdb *xdb, const char *id)
{
	folio__buf key = FOLIO__BUF_INIT;
	char *packed = NULL;
	size_t plen = 0;
	void *store = NULL;
	int rc = body_key(&key, id);

	folio__buf_clear(out);
	if (rc == 0)
		rc = folio__xdb_get_metadata_bytes(&packed, &plen, &store,
						   xdb, key.ptr);
	if (rc == 0) {
		const unsigned char *p = (const unsigned char *)packed;
		size_t n = 0;
		for (int i = 0; plen >= HEADER_BYTES && i < 4; i++)
			n |= (size_t)p[1 + i] << (8 * i);
		if (plen < HEADER_BYTES || p[0] != PACKED_LZ4 ||
		    n > (size_t)LZ4_MAX_INPUT_SIZE)
			rc = corrupt(id);
		else if ((rc = folio__buf_reset(out, n)) < 0)
			;
		else if (LZ4_decompress_safe(packed + HEADER_BYTES, out->ptr,
					     (int)(plen - HEADER_BYTES),
					     (int)n) != (int)n)
			rc = corrupt(id);
		else
			out->len = n;
		if (out->ptr)
			out->ptr[out->len] = '\0';
	}
	folio__xdata_free(store);
	folio__buf_free(&key);
	return rc;
}
