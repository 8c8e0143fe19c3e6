/*
 * xapian-shim.cc - Xapian behind plain C functions: the only C++ in folio.
 *
 * Every function here is extern "C" and noexcept, and wraps its Xapian
 * calls in try/catch with catch (...) last: no exception ever reaches C
 * code (or a program that links libfolio).  Exceptions become FOLIO_E*
 * codes with a message, through map_exception().
 */
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folio-private.h"

/*
 * Each document's length, in a file of its own beside Xapian's tables,
 * read in a step.  BM25 weighs a match by its document's length, and
 * Xapian 1.4 reads it from its list of every document's length, decoding
 * forward from the last one it read: for a word in one document of 32
 * that is most of the search (`primary` on 528 MB: 3.6M instructions to
 * rank the page, 0.7M with this table, callgrind).
 *
 * A file, mapped, not Xapian's metadata: read through Xapian, the 180 KB
 * of the table on 528 MB took 46 block reads and as many page faults of
 * the memory they were copied to, and a whole `folio search` process
 * was 0.7 ms slower; mapped, it costs a few faults.  The file is a cache
 * of what Xapian holds, and says which state of the index it describes
 * (its header, norms_header()); one that does not match the
 * index, from an older folio, another program's commit, a copy of the
 * index made by Xapian's tools or a crash before it was written, is not
 * used: the search then reads the lengths from Xapian, with the same
 * results, and the next commit writes the file again.  It is written
 * whole to a new file, synced and renamed over the old one, so a search
 * maps either the old table or the new.
 *
 * After the header, 2 bytes little-endian for each docid from 0 to the
 * last; NORM_UNKNOWN is a length that did not fit, read from Xapian.
 */
#define NORMS_FILE "folio.norms"
static const Xapian::docid NORMS_CHUNK = 4096; /* docids marked dirty */
static const unsigned NORM_UNKNOWN = 0xffff;

/* The table, mapped, as a search reads it. */
struct norms_table {
	bool checked = false; /* whether the file was looked for */
	void *map = nullptr;
	size_t map_len = 0;
	const unsigned char *lengths = nullptr; /* null: not usable */
	Xapian::docid count = 0;

	norms_table() = default;
	norms_table(const norms_table &) = delete;
	norms_table &operator=(const norms_table &) = delete;
	~norms_table() { reset(); }

	void reset();

	/* A length, or NORM_UNKNOWN. */
	unsigned get(Xapian::docid did) const
	{
		if (did >= count)
			return NORM_UNKNOWN;
		return unsigned(lengths[2 * size_t(did)]) |
		       unsigned(lengths[2 * size_t(did) + 1]) << 8;
	}
};

struct folio__xdb {
	Xapian::Database db;          /* reading: always set */
	Xapian::WritableDatabase wdb; /* writing: set when writable */
	std::string path;
	bool writable = false;
	bool in_transaction = false;
	norms_table norms;            /* reading */
	/* Writing: the docids / NORMS_CHUNK of the documents the changes
	 * not yet committed added or replaced, and whether the file
	 * matched the index before them. */
	std::set<Xapian::docid> dirty_norms;
	bool norms_current = false;
	std::string norms_lengths; /* the file's, when current */
};

static void read_norms_for_writing(folio__xdb *x);
static void update_norms(folio__xdb *x);

struct folio__xdoc {
	Xapian::Document doc;
};

/* Two words of a near bonus (folio__xq_near_pair). */
struct near_pair {
	std::string a, b;
	Xapian::termcount window;
	double factor;
};

/* A word's bonus term (folio__xq_term_bonus). */
struct term_bonus {
	std::string term;
	double factor;
};

struct folio__xq {
	Xapian::Query q;
	/* The same query for a search with the lengths table: its terms
	 * outside phrases are weighed by a term_source (below). */
	Xapian::Query fast;
	/* When q is a ranking bonus, its near pairs and its terms: q is
	 * their OR. */
	std::vector<near_pair> pairs;
	std::vector<term_bonus> terms;
};

struct folio__xstem {
	Xapian::Stem stem;
	std::string language;
};

/*
 * Turn the exception being handled into a folio error code and message.
 * Call only from inside a catch block.  context says what folio was doing
 * ("cannot open the index at x"); the message adds what to do.
 */
static int map_exception(const std::string &context) noexcept
{
	try {
		throw;
	} catch (const Xapian::DatabaseLockError &e) {
		return folio__error_set(
			FOLIO_ELOCKED,
			"%s: the index is locked by another writer (%s); "
			"wait for it to finish and try again",
			context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::DatabaseNotFoundError &e) {
		return folio__error_set(FOLIO_ENOTFOUND, "%s: %s",
					context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::DatabaseVersionError &e) {
		return folio__error_set(
			FOLIO_EVERSION,
			"%s: %s; rebuild the index with this version of folio",
			context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::DatabaseCorruptError &e) {
		return folio__error_set(
			FOLIO_ECORRUPT,
			"%s: the index is damaged (%s); check it with "
			"xapian-check, or rebuild it",
			context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::DatabaseModifiedError &e) {
		return folio__error_set(
			FOLIO_EMODIFIED,
			"%s: the index changed while it was read (%s); reopen "
			"it and try again",
			context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::DatabaseOpeningError &e) {
		return folio__error_set(
			FOLIO_ECORRUPT,
			"%s: not a readable index (%s)", context.c_str(),
			e.get_msg().c_str());
	} catch (const Xapian::WildcardError &e) {
		return folio__error_set(
			FOLIO_EQUERY,
			"%s: %s; type more letters before the '*'",
			context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::InvalidArgumentError &e) {
		return folio__error_set(FOLIO_EINVALID, "%s: %s",
					context.c_str(), e.get_msg().c_str());
	} catch (const Xapian::DatabaseError &e) {
		return folio__error_set(FOLIO_EIO, "%s: %s", context.c_str(),
					e.get_msg().c_str());
	} catch (const Xapian::Error &e) {
		return folio__error_set(FOLIO_ERROR, "%s: %s",
					context.c_str(),
					e.get_description().c_str());
	} catch (const std::bad_alloc &) {
		return folio__error_oom();
	} catch (const std::exception &e) {
		return folio__error_set(FOLIO_ERROR, "%s: %s",
					context.c_str(), e.what());
	} catch (...) {
		return folio__error_set(FOLIO_ERROR, "%s: unknown error",
					context.c_str());
	}
}

/* The context string itself may fail to allocate; then a fixed one. */
#define CONTEXT(expr)                                                      \
	[&]() noexcept -> std::string {                                   \
		try {                                                     \
			return (expr);                                    \
		} catch (...) {                                           \
			return std::string();                             \
		}                                                         \
	}()

/* Copy s into a malloc'ed NUL-terminated string. */
static char *copy_out(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));
	if (p == nullptr)
		throw std::bad_alloc();
	std::memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	return p;
}

/* ---- Databases ---------------------------------------------------- */

extern "C" int folio__xdb_open(folio__xdb **out, const char *path,
			       int writable, int create) noexcept
{
	*out = nullptr;
	folio__xdb *x = nullptr;
	try {
		struct stat st;
		if (!create && stat(path, &st) != 0 && errno == ENOENT)
			return folio__error_set(FOLIO_ENOTFOUND,
						"no index at %s", path);
		x = new folio__xdb;
		x->path = path;
		if (writable) {
			int action = create ? Xapian::DB_CREATE_OR_OPEN
					    : Xapian::DB_OPEN;
			x->wdb = Xapian::WritableDatabase(path, action);
			x->db = x->wdb;
			x->writable = true;
			/* A transaction keeps every change off disk until
			 * folio__xdb_commit: a failed run leaves the index
			 * as of its last commit. */
			read_norms_for_writing(x);
			x->wdb.begin_transaction(true);
			x->in_transaction = true;
		} else {
			x->db = Xapian::Database(path);
		}
		*out = x;
		return 0;
	} catch (...) {
		delete x;
		return map_exception(
			CONTEXT(std::string("cannot open the index at ") +
				path));
	}
}

extern "C" void folio__xdb_free(folio__xdb *x) noexcept
{
	if (x == nullptr)
		return;
	try {
		if (x->writable) {
			if (x->in_transaction)
				x->wdb.cancel_transaction();
			x->wdb.close();
		} else {
			x->db.close();
		}
	} catch (...) {
		/* Closing discards uncommitted work; nothing to report. */
	}
	delete x;
}

extern "C" int folio__xdb_commit(folio__xdb *x) noexcept
{
	try {
		if (!x->writable)
			return folio__error_set(FOLIO_EINVALID,
						"the index at %s is open "
						"read-only",
						x->path.c_str());
		x->in_transaction = false;
		x->wdb.commit_transaction();
		update_norms(x);
		x->wdb.begin_transaction(true);
		x->in_transaction = true;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot commit to the index at " +
					     x->path));
	}
}

extern "C" int folio__xdb_reopen(folio__xdb *x) noexcept
{
	try {
		if (x->db.reopen())
			x->norms.reset();
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot reopen the index at " +
					     x->path));
	}
}

static int need_writable(folio__xdb *x)
{
	if (x->writable)
		return 0;
	return folio__error_set(FOLIO_EINVALID,
				"the index at %s is open read-only: open it "
				"writable to change it",
				x->path.c_str());
}

extern "C" int folio__xdb_replace(folio__xdb *x, const char *idterm,
				  const folio__xdoc *doc) noexcept
{
	try {
		int rc = need_writable(x);
		if (rc < 0)
			return rc;
		Xapian::docid did = x->wdb.replace_document(idterm, doc->doc);
		x->dirty_norms.insert(did / NORMS_CHUNK);
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot add a document to the "
					     "index at " + x->path));
	}
}

extern "C" int folio__xdb_delete(folio__xdb *x, const char *idterm,
				 int *deleted) noexcept
{
	try {
		*deleted = 0;
		int rc = need_writable(x);
		if (rc < 0)
			return rc;
		if (x->wdb.postlist_begin(idterm) ==
		    x->wdb.postlist_end(idterm))
			return 0;
		x->wdb.delete_document(idterm);
		*deleted = 1;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot delete from the index "
					     "at " + x->path));
	}
}

extern "C" int folio__xdb_get_data(char **out, size_t *len_out,
				   folio__xdb *x, const char *idterm) noexcept
{
	*out = nullptr;
	*len_out = 0;
	try {
		Xapian::PostingIterator p = x->db.postlist_begin(idterm);
		if (p == x->db.postlist_end(idterm))
			return FOLIO_ENOTFOUND; /* the caller says what */
		/* Found by its id term: it is there. */
		std::string data =
			x->db.get_document(*p, Xapian::DOC_ASSUME_VALID)
				.get_data();
		*out = copy_out(data);
		*len_out = data.size();
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read a document from "
					     "the index at " + x->path));
	}
}

extern "C" int folio__xdb_get_metadata(char **out, folio__xdb *x,
				       const char *key) noexcept
{
	*out = nullptr;
	try {
		std::string v = x->db.get_metadata(key);
		if (!v.empty())
			*out = copy_out(v);
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read the settings of "
					     "the index at " + x->path));
	}
}

extern "C" int folio__xdb_set_metadata(folio__xdb *x, const char *key,
				       const char *value) noexcept
{
	try {
		int rc = need_writable(x);
		if (rc < 0)
			return rc;
		x->wdb.set_metadata(key, value);
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot record the settings of "
					     "the index at " + x->path));
	}
}

extern "C" int folio__xdb_get_metadata_bytes(char **data, size_t *len_out,
					     void **store, folio__xdb *x,
					     const char *key) noexcept
{
	*data = nullptr;
	*len_out = 0;
	*store = nullptr;
	try {
		std::string *v = new std::string(x->db.get_metadata(key));
		if (v->empty()) {
			delete v;
			return FOLIO_ENOTFOUND;
		}
		*data = &(*v)[0];
		*len_out = v->size();
		*store = v;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read a document's body "
					     "from the index at " + x->path));
	}
}

extern "C" int folio__xdb_set_metadata_bytes(folio__xdb *x, const char *key,
					     const char *value,
					     size_t len) noexcept
{
	try {
		int rc = need_writable(x);
		if (rc < 0)
			return rc;
		/* An empty value deletes the key. */
		x->wdb.set_metadata(key, std::string(value ? value : "", len));
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot store a document's body "
					     "in the index at " + x->path));
	}
}

extern "C" int folio__xdb_stats(folio__xdb *x, uint64_t *documents,
				uint64_t *terms) noexcept
{
	try {
		*documents = x->db.get_doccount();
		if (terms == nullptr)
			return 0;
		uint64_t n = 0;
		for (auto t = x->db.allterms_begin();
		     t != x->db.allterms_end(); ++t)
			n++;
		*terms = n;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read figures of the "
					     "index at " + x->path));
	}
}

extern "C" int folio__xdb_value_mean(folio__xdb *x, unsigned slot,
				     double *mean) noexcept
{
	try {
		double sum = 0;
		uint64_t n = 0;
		for (auto v = x->db.valuestream_begin(slot);
		     v != x->db.valuestream_end(slot); ++v) {
			sum += std::strtod((*v).c_str(), nullptr);
			n++;
		}
		*mean = n ? sum / static_cast<double>(n) : 0.0;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read figures of the "
					     "index at " + x->path));
	}
}

extern "C" int folio__xdb_termfreq(folio__xdb *x, const char *term,
				   uint64_t *out) noexcept
{
	try {
		*out = x->db.get_termfreq(term);
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read the index at " +
					     x->path));
	}
}

/* ---- Documents ---------------------------------------------------- */

extern "C" int folio__xdoc_new(folio__xdoc **out) noexcept
{
	*out = nullptr;
	try {
		*out = new folio__xdoc;
		return 0;
	} catch (...) {
		return map_exception("cannot make a document");
	}
}

extern "C" void folio__xdoc_free(folio__xdoc *doc) noexcept
{
	delete doc;
}

extern "C" int folio__xdoc_add_posting(folio__xdoc *d, const char *term,
				       size_t len, uint32_t position,
				       uint32_t wdf_inc) noexcept
{
	try {
		d->doc.add_posting(std::string(term, len), position, wdf_inc);
		return 0;
	} catch (...) {
		return map_exception("cannot add a word to a document");
	}
}

extern "C" int folio__xdoc_add_term(folio__xdoc *d, const char *term,
				    size_t len, uint32_t wdf_inc) noexcept
{
	try {
		if (wdf_inc == 0)
			d->doc.add_boolean_term(std::string(term, len));
		else
			d->doc.add_term(std::string(term, len), wdf_inc);
		return 0;
	} catch (...) {
		return map_exception("cannot add a term to a document");
	}
}

extern "C" int folio__xdoc_set_data(folio__xdoc *d, const char *data,
				    size_t len) noexcept
{
	try {
		d->doc.set_data(std::string(data, len));
		return 0;
	} catch (...) {
		return map_exception("cannot store a document");
	}
}

extern "C" int folio__xdoc_set_value(folio__xdoc *d, unsigned slot,
				     const char *v, size_t len) noexcept
{
	try {
		d->doc.add_value(slot, std::string(v, len));
		return 0;
	} catch (...) {
		return map_exception("cannot store a document value");
	}
}

/* ---- Stemmers ----------------------------------------------------- */

extern "C" int folio__xstem_new(folio__xstem **out,
				const char *language) noexcept
{
	*out = nullptr;
	folio__xstem *s = nullptr;
	try {
		s = new folio__xstem;
		s->stem = Xapian::Stem(language);
		/* get_description() is "Xapian::Stem(english)": keep the
		 * canonical name between the parentheses. */
		std::string d = s->stem.get_description();
		size_t open = d.find('('), close = d.rfind(')');
		s->language = open != std::string::npos && close > open
				      ? d.substr(open + 1, close - open - 1)
				      : std::string(language);
		*out = s;
		return 0;
	} catch (const Xapian::InvalidArgumentError &) {
		delete s;
		return folio__error_set(FOLIO_ENOTFOUND,
					"no stemmer for the language '%s'; "
					"choose one of: none %s",
					language, folio__xstem_languages());
	} catch (...) {
		delete s;
		return map_exception(CONTEXT(std::string("cannot make a "
							 "stemmer for ") +
					     language));
	}
}

extern "C" void folio__xstem_free(folio__xstem *s) noexcept
{
	delete s;
}

extern "C" const char *folio__xstem_language(const folio__xstem *s) noexcept
{
	return s->language.c_str();
}

extern "C" int folio__xstem_apply(folio__xstem *s, const char *word,
				  size_t len, char *out, size_t cap,
				  size_t *out_len) noexcept
{
	try {
		std::string r = s->stem(std::string(word, len));
		const char *src = r.data();
		size_t n = r.size();
		if (n >= cap) {
			src = word;
			n = folio__utf8_trim(word, len < cap ? len : cap - 1);
		}
		std::memcpy(out, src, n);
		out[n] = '\0';
		*out_len = n;
		return 0;
	} catch (...) {
		return map_exception("cannot stem a word");
	}
}

extern "C" const char *folio__xstem_languages(void) noexcept
{
	/* Built once; get_available_languages() allocates each time. */
	static const std::string *languages = [] () noexcept {
		try {
			return new std::string(
				Xapian::Stem::get_available_languages());
		} catch (...) {
			return new (std::nothrow) std::string();
		}
	}();
	return languages ? languages->c_str() : "";
}

/* ---- BM25, as Xapian computes it --------------------------------- */

/* BM25's weight of a term before the document: idf is the ratio whose
 * log Xapian takes, kept above 1, times factor and the query's own
 * frequency of the term, wqf. */
static double bm25_termweight(double idf, double factor, double wqf,
			      double k1)
{
	if (idf < 2)
		idf = idf * 0.5 + 1;
	double w = std::log(idf) * factor;
	w *= 2 * wqf / (1 + wqf);
	return w * (k1 + 1);
}

/* A bound on a term's wdf in any document: Xapian's, ub, or cf - tf + 1
 * (bm25_weight says why). */
static double bm25_wdf_bound(Xapian::termcount ub, Xapian::doccount tf,
			     Xapian::termcount cf, Xapian::termcount len_ub)
{
	/* A synonym (a wildcard's words) has only estimates of its
	 * frequencies, and Xapian bounds its wdf by the longest document:
	 * keep that bound. */
	if (ub >= len_ub || tf == 0 || cf < tf)
		return ub;
	return std::min(ub, cf - tf + 1);
}

/* Its weight in a document of len terms holding it wdf times;
 * len_factor is 1 / the average document length, or 0. */
static double bm25_part(double termweight, double k1, double b,
			double len_factor, double wdf, double len)
{
	double normlen = std::max(len * len_factor, 0.5);
	double denom = k1 * (normlen * b + (1 - b)) + wdf;
	return termweight * (wdf / denom);
}

/* ---- The lengths table (norms_table, above) ----------------------- */

static std::string norms_path(const std::string &dir)
{
	return dir + "/" NORMS_FILE;
}

static void put_le(std::string &out, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		out += static_cast<char>((v >> (8 * i)) & 0xff);
}

/* The header of the file for db as it is: what it describes. */
static std::string norms_header(const Xapian::Database &db)
{
	std::string h = "folio-norms 1\n";
	put_le(h, db.get_revision(), 8);
	put_le(h, db.get_doccount(), 4);
	put_le(h, db.get_lastdocid(), 4);
	put_le(h, db.get_total_length(), 8);
	std::string uuid = db.get_uuid();
	put_le(h, uuid.size(), 4);
	return h + uuid;
}

/* The size of the file, with header, for db. */
static size_t norms_size(const std::string &header, const Xapian::Database &db)
{
	return header.size() + 2 * (size_t(db.get_lastdocid()) + 1);
}

/* The file's bytes, if it is there and describes db, else empty. */
static std::string read_norms(const std::string &dir,
			      const Xapian::Database &db)
{
	std::string header = norms_header(db);
	size_t want = norms_size(header, db);
	std::string data;
	int fd = open(norms_path(dir).c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return data;
	data.resize(want + 1); /* + 1: to see a longer file */
	size_t got = 0;
	ssize_t n;
	while (got < data.size() &&
	       (n = read(fd, &data[got], data.size() - got)) > 0)
		got += size_t(n);
	close(fd);
	if (got != want || data.compare(0, header.size(), header) != 0)
		data.clear();
	else
		data.resize(want);
	return data;
}

void norms_table::reset()
{
	if (map != nullptr)
		munmap(map, map_len);
	checked = false;
	map = nullptr;
	map_len = 0;
	lengths = nullptr;
	count = 0;
}

/* Map the file of x's directory, if it describes x's database. */
static void map_norms(folio__xdb *x)
{
	norms_table &t = x->norms;
	t.checked = true;
	if (x->db.size() != 1)
		return;
	std::string header = norms_header(x->db);
	size_t want = norms_size(header, x->db);
	int fd = open(norms_path(x->path).c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat st;
	void *map = MAP_FAILED;
	if (fstat(fd, &st) == 0 && size_t(st.st_size) == want)
		map = mmap(nullptr, want, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	if (std::memcmp(map, header.data(), header.size()) != 0) {
		munmap(map, want);
		return;
	}
	t.map = map;
	t.map_len = want;
	t.lengths = static_cast<const unsigned char *>(map) + header.size();
	t.count = x->db.get_lastdocid() + 1;
}

/* Set the lengths of docids first to last in table (2 bytes each, from
 * docid 0) from the committed lengths of db. */
static void fill_norms(std::string &table, const Xapian::Database &db,
		       Xapian::docid first, Xapian::docid last)
{
	Xapian::PostingIterator it = db.postlist_begin("");
	Xapian::PostingIterator stop = db.postlist_end("");
	for (size_t at = 2 * size_t(first); at <= 2 * size_t(last) + 1; at++)
		table[at] = 0; /* docids without a document: no search reads
				  them */
	it.skip_to(std::max<Xapian::docid>(first, 1));
	for (; it != stop && *it <= last; ++it) {
		unsigned len = std::min<Xapian::termcount>(it.get_doclength(),
							    NORM_UNKNOWN);
		table[2 * size_t(*it)] = static_cast<char>(len & 0xff);
		table[2 * size_t(*it) + 1] = static_cast<char>(len >> 8);
	}
}

/* Write data to path whole: to a new file, synced, then renamed. */
static bool write_file_whole(const std::string &path, const std::string &data)
{
	std::string tmp = path + ".new";
	int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		      0644);
	if (fd < 0)
		return false;
	size_t put = 0;
	ssize_t n = 0;
	while (put < data.size() &&
	       (n = write(fd, data.data() + put, data.size() - put)) > 0)
		put += size_t(n);
	bool ok = put == data.size() && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp.c_str(), path.c_str()) == 0)
		return true;
	unlink(tmp.c_str());
	return false;
}

/* For a writer: the lengths the file holds, if it describes the index
 * as opened. */
static void read_norms_for_writing(folio__xdb *x)
{
	std::string data = read_norms(x->path, x->wdb);
	x->norms_current = x->wdb.size() == 1 && !data.empty();
	x->norms_lengths.clear();
	if (x->norms_current)
		x->norms_lengths = data.substr(norms_header(x->wdb).size());
}

/*
 * After a commit: write the file for the index as now committed, from
 * the lengths before (when the file described the index before the
 * commit) and those of the documents the commit added or replaced, or
 * all from Xapian.  A file that cannot be written is left out: searches
 * read the lengths from Xapian, and the next commit tries again.  A
 * deleted document's length stays: no search reads it.
 */
static void update_norms(folio__xdb *x)
try {
	Xapian::WritableDatabase &wdb = x->wdb;
	Xapian::docid last = wdb.get_lastdocid();
	std::string &table = x->norms_lengths;
	if (x->norms_current) {
		table.resize(2 * (size_t(last) + 1), '\0');
		for (Xapian::docid c : x->dirty_norms)
			fill_norms(table, wdb, c * NORMS_CHUNK,
				   std::min(last, c * NORMS_CHUNK +
							  (NORMS_CHUNK - 1)));
	} else {
		table.assign(2 * (size_t(last) + 1), '\0');
		fill_norms(table, wdb, 0, last);
	}
	x->dirty_norms.clear();
	x->norms_current = wdb.size() == 1 &&
			   write_file_whole(norms_path(x->path),
					    norms_header(wdb) + table);
	if (!x->norms_current)
		table.clear();
} catch (...) {
	/* The commit stands; the file is only a cache (above). */
	x->dirty_norms.clear();
	x->norms_current = false;
	x->norms_lengths.clear();
}

/* The lengths table of a search (folio__xdb_search sets it, for the
 * term_sources that search makes), and BM25's parameters. */
struct term_source_context {
	const norms_table *norms;
	double k1, b;
};
static thread_local const term_source_context *current_context = nullptr;

/*
 * A term's matches and their BM25 weights, as bm25_weight gives them,
 * with each document's length read from the lengths table.  Xapian's
 * matcher calls it for the documents it looks at, as it would a term's
 * list; a factor (OP_SCALE_WEIGHT) multiplies its weights, as it does a
 * term's.  The factors folio uses are powers of two (and 1 and 0), so
 * weights are the same to the last bit.
 */
class term_source : public Xapian::PostingSource {
	std::string term;
	Xapian::termcount wqf;
	term_source_context ctx{};
	Xapian::PostingIterator it, end;
	bool started = false;
	Xapian::doccount tf = 0;
	double termweight = 0, len_factor = 0;

public:
	term_source(const std::string &term_, Xapian::termcount wqf_)
		: term(term_), wqf(wqf_)
	{
	}

	term_source *clone() const override
	{
		return new term_source(term, wqf);
	}

	std::string name() const override { return "folio::term_source"; }

	void init(const Xapian::Database &db) override
	{
		if (current_context == nullptr)
			throw Xapian::InvalidOperationError(
				"a term_source outside folio__xdb_search");
		ctx = *current_context;
		started = false;
		tf = db.get_termfreq(term);
		/* A term no document has (the title's stem of most words)
		 * gets no list: opening one costs Xapian a cursor, 4 or 5
		 * page faults of a process. */
		it = tf ? db.postlist_begin(term) : Xapian::PostingIterator();
		end = Xapian::PostingIterator();
		double n = db.get_doccount();
		termweight = bm25_termweight((n - tf + 0.5) / (tf + 0.5), 1.0,
					     wqf, ctx.k1);
		len_factor = 0;
		if (ctx.b != 0 && ctx.k1 != 0 && db.get_avlength() != 0)
			len_factor = 1 / db.get_avlength();
		set_maxweight(tf == 0 ? 0 : max_part(db));
	}

	/* bm25_weight::get_maxpart, from the same bounds. */
	double max_part(const Xapian::Database &db) const
	{
		double wdf_max = bm25_wdf_bound(
			db.get_wdf_upper_bound(term), tf,
			db.get_collection_freq(term),
			db.get_doclength_upper_bound());
		double denom = ctx.k1;
		if (ctx.k1 != 0 && ctx.b != 0) {
			double len = std::max(
				wdf_max, double(db.get_doclength_lower_bound()));
			double normlen_lb = std::max(len * len_factor, 0.5);
			denom *= (normlen_lb * ctx.b + (1 - ctx.b));
		}
		denom += wdf_max;
		return termweight * (wdf_max / denom);
	}

	Xapian::doccount get_termfreq_min() const override { return tf; }
	Xapian::doccount get_termfreq_est() const override { return tf; }
	Xapian::doccount get_termfreq_max() const override { return tf; }

	void next(double) override
	{
		if (started)
			++it;
		started = true;
	}

	void skip_to(Xapian::docid did, double) override
	{
		started = true;
		it.skip_to(did);
	}

	bool at_end() const override { return it == end; }

	Xapian::docid get_docid() const override { return *it; }

	double get_weight() const override
	{
		double len = 0;
		if (len_factor != 0) {
			unsigned n = ctx.norms->get(*it);
			len = n == NORM_UNKNOWN ? it.get_doclength() : n;
		}
		return bm25_part(termweight, ctx.k1, ctx.b, len_factor,
				 it.get_wdf(), len);
	}
};

/* Sets the context of the term_sources of one search, while it runs. */
struct term_source_scope {
	explicit term_source_scope(const term_source_context *ctx)
	{
		current_context = ctx;
	}
	~term_source_scope() { current_context = nullptr; }
	term_source_scope(const term_source_scope &) = delete;
	term_source_scope &operator=(const term_source_scope &) = delete;
};

/* Whether a search of x may read lengths from its table.  Not while x is
 * writable: its changes not yet committed are not in the table. */
static bool norms_usable(folio__xdb *x)
{
	if (x->writable)
		return false;
	if (!x->norms.checked)
		map_norms(x);
	return x->norms.lengths != nullptr;
}

extern "C" int folio__xdb_norms_current(folio__xdb *x, int *current) noexcept
{
	try {
		*current = x->writable ? x->norms_current : norms_usable(x);
		return 0;
	} catch (...) {
		*current = 0;
		return map_exception(CONTEXT("cannot read the file of lengths "
					     "of the index at " + x->path));
	}
}

/* A query of term, weighed by a term_source. */
static Xapian::Query term_source_query(const std::string &term,
				       Xapian::termcount wqf)
{
	return Xapian::Query((new term_source(term, wqf))->release());
}

/* ---- Queries ------------------------------------------------------ */

/* A folio__xq of q, and of fast for a search with the lengths table
 * (q by default: a query with no term of its own to weigh). */
static folio__xq *wrap(const Xapian::Query &q,
		       const Xapian::Query *fast = nullptr)
{
	folio__xq *x = new folio__xq;
	x->q = q;
	x->fast = fast ? *fast : q;
	return x;
}

extern "C" int folio__xq_term(folio__xq **out, const char *term, size_t len,
			      uint32_t wqf, uint32_t position) noexcept
{
	*out = nullptr;
	try {
		std::string t(term, len);
		Xapian::Query fast = term_source_query(t, wqf);
		*out = wrap(Xapian::Query(t, wqf, position), &fast);
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_wildcard(folio__xq **out, const char *prefix,
				  size_t len, uint32_t max_expansion) noexcept
{
	*out = nullptr;
	try {
		*out = wrap(Xapian::Query(Xapian::Query::OP_WILDCARD,
					  std::string(prefix, len),
					  max_expansion,
					  Xapian::Query::WILDCARD_LIMIT_ERROR,
					  Xapian::Query::OP_SYNONYM));
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_match_all(folio__xq **out) noexcept
{
	*out = nullptr;
	try {
		*out = wrap(Xapian::Query::MatchAll);
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_match_nothing(folio__xq **out) noexcept
{
	*out = nullptr;
	try {
		*out = wrap(Xapian::Query::MatchNothing);
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

static Xapian::Query::op xapian_op(folio__xq_op op)
{
	switch (op) {
	case FOLIO__XQ_AND: return Xapian::Query::OP_AND;
	case FOLIO__XQ_OR: return Xapian::Query::OP_OR;
	case FOLIO__XQ_AND_NOT: return Xapian::Query::OP_AND_NOT;
	case FOLIO__XQ_FILTER: return Xapian::Query::OP_FILTER;
	case FOLIO__XQ_PHRASE: return Xapian::Query::OP_PHRASE;
	case FOLIO__XQ_NEAR: return Xapian::Query::OP_NEAR;
	case FOLIO__XQ_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
	case FOLIO__XQ_SYNONYM: return Xapian::Query::OP_SYNONYM;
	}
	throw Xapian::InvalidArgumentError("unknown query operator");
}

extern "C" int folio__xq_combine(folio__xq **out, folio__xq_op op,
				 folio__xq *const *subs, size_t n,
				 uint32_t window) noexcept
{
	*out = nullptr;
	try {
		std::vector<Xapian::Query> v, fast;
		bool bonus = op == FOLIO__XQ_OR && n > 0;
		/* Positions and a synonym's wdf come from Xapian's lists of
		 * the terms; what is on the right of AND_NOT or FILTER is
		 * not weighed. */
		bool positional = op == FOLIO__XQ_PHRASE ||
				  op == FOLIO__XQ_NEAR ||
				  op == FOLIO__XQ_SYNONYM;
		bool first_only = op == FOLIO__XQ_AND_NOT ||
				  op == FOLIO__XQ_FILTER;
		v.reserve(n);
		fast.reserve(n);
		for (size_t i = 0; i < n; i++) {
			v.push_back(subs[i]->q);
			fast.push_back(positional || (first_only && i > 0)
					       ? subs[i]->q
					       : subs[i]->fast);
			bonus = bonus && (!subs[i]->pairs.empty() ||
					  !subs[i]->terms.empty());
		}
		Xapian::Query fast_q(xapian_op(op), fast.begin(), fast.end(),
				     window);
		std::unique_ptr<folio__xq> x(wrap(Xapian::Query(
			xapian_op(op), v.begin(), v.end(), window), &fast_q));
		/* An OR of bonuses is one: it sums theirs. */
		for (size_t i = 0; bonus && i < n; i++) {
			x->pairs.insert(x->pairs.end(), subs[i]->pairs.begin(),
					subs[i]->pairs.end());
			x->terms.insert(x->terms.end(), subs[i]->terms.begin(),
					subs[i]->terms.end());
		}
		*out = x.release();
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_scale(folio__xq **out, const folio__xq *sub,
			       double factor) noexcept
{
	*out = nullptr;
	try {
		Xapian::Query fast(Xapian::Query::OP_SCALE_WEIGHT, sub->fast,
				   factor);
		*out = wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
					  sub->q, factor), &fast);
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_near_pair(folio__xq **out, const char *a,
				   const char *b, uint32_t window,
				   double factor) noexcept
{
	*out = nullptr;
	try {
		std::vector<Xapian::Query> v{Xapian::Query(a), Xapian::Query(b)};
		Xapian::Query near(Xapian::Query::OP_NEAR, v.begin(), v.end(),
				   window);
		std::unique_ptr<folio__xq> x(wrap(Xapian::Query(
			Xapian::Query::OP_SCALE_WEIGHT, near, factor)));
		x->pairs.push_back(near_pair{a, b, window, factor});
		*out = x.release();
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_term_bonus(folio__xq **out, const char *term,
				    size_t len, double factor) noexcept
{
	*out = nullptr;
	try {
		std::string t(term, len);
		Xapian::Query fast(Xapian::Query::OP_SCALE_WEIGHT,
				   term_source_query(t, 1), factor);
		std::unique_ptr<folio__xq> x(wrap(Xapian::Query(
			Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t),
			factor), &fast));
		x->terms.push_back(term_bonus{t, factor});
		*out = x.release();
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" int folio__xq_describe(char **out, const folio__xq *q) noexcept
{
	*out = nullptr;
	try {
		*out = copy_out(q->q.get_description());
		return 0;
	} catch (...) {
		return map_exception("cannot describe the query");
	}
}

extern "C" void folio__xq_free(folio__xq *q) noexcept
{
	delete q;
}

/* ---- Search ------------------------------------------------------- */

extern "C" void folio__xdata_free(void *store) noexcept
{
	delete static_cast<std::string *>(store);
}

extern "C" void folio__xhits_free(folio__xhit *hits, size_t count) noexcept
{
	if (hits == nullptr)
		return;
	for (size_t i = 0; i < count; i++)
		folio__xdata_free(hits[i].store);
	std::free(hits);
}

/* ---- The ranking bonus, scored without the matcher ---------------- */

/* A bonus term or a word of a near pair: its BM25 weight factor (its
 * idf, times the bonus's factor), and its wdf in each document of the
 * window (-1 where absent). */
struct bonus_term {
	std::string term;
	double tw;
	std::vector<long> wdf;
};

struct folio__xbonus {
	Xapian::Database db;
	double k1, b, len_factor;
	std::vector<Xapian::docid> ids;
	/* The bonus terms (the first nbonus), then two for each pair. */
	std::vector<bonus_term> terms;
	size_t nbonus;
	/* Each near pair's words, as indexes into terms, and its window. */
	struct pair {
		size_t a, b;
		Xapian::termcount window;
	};
	std::vector<pair> pairs;
	/* Each document's length, 0 until read (folio__xbonus_refine). */
	std::vector<double> len;
};

/* The positions of term in document id. */
static std::vector<Xapian::termpos> positions(const Xapian::Database &db,
					      Xapian::docid id,
					      const std::string &term)
{
	std::vector<Xapian::termpos> v;
	for (auto p = db.positionlist_begin(id, term);
	     p != db.positionlist_end(id, term); ++p)
		v.push_back(*p);
	return v;
}

/* 1 if two distinct positions, one of a and one of b (both ascending),
 * are less than window apart: Xapian's NEAR of two terms. */
static bool near_in(const std::vector<Xapian::termpos> &a,
		    const std::vector<Xapian::termpos> &b,
		    Xapian::termcount window)
{
	for (Xapian::termpos p : a) {
		Xapian::termpos from = p >= window ? p - window + 1 : 0;
		for (auto q = std::lower_bound(b.begin(), b.end(), from);
		     q != b.end() && *q < p + window; ++q)
			if (*q != p)
				return true;
	}
	return false;
}

/* term's BM25 weight factor, as a bonus of factor. */
static double read_weight(const folio__xbonus &nb, const std::string &term,
			  double factor)
{
	double docs = nb.db.get_doccount(), tf = nb.db.get_termfreq(term);
	return bm25_termweight((docs - tf + 0.5) / (tf + 0.5), factor, 1,
			       nb.k1);
}

/* term's weight factor, and its wdf in each of nb's documents: one pass
 * along its posting list. */
static bonus_term read_term(const folio__xbonus &nb, const std::string &term,
			    double factor)
{
	bonus_term t{term, read_weight(nb, term, factor),
		     std::vector<long>(nb.ids.size(), -1)};
	Xapian::PostingIterator it = nb.db.postlist_begin(term);
	Xapian::PostingIterator end = nb.db.postlist_end(term);
	for (size_t i = 0; i < nb.ids.size() && it != end; i++) {
		it.skip_to(nb.ids[i]);
		if (it != end && *it == nb.ids[i])
			t.wdf[i] = it.get_wdf();
	}
	return t;
}

/* Add term, a word of a near pair, to nb.terms; its index there.  A
 * pair's words are mostly bonus terms too (the forms typed): their
 * posting lists are read once. */
static size_t pair_word(folio__xbonus &nb, const std::string &term,
			double factor)
{
	for (size_t k = 0; k < nb.terms.size(); k++)
		if (nb.terms[k].term == term) {
			/* The weight factor may differ: same postings. */
			bonus_term t = nb.terms[k];
			t.tw = read_weight(nb, term, factor);
			nb.terms.push_back(std::move(t));
			return nb.terms.size() - 1;
		}
	nb.terms.push_back(read_term(nb, term, factor));
	return nb.terms.size() - 1;
}

/* The weight of term t in document i; 0 if absent.  Before the
 * document's length is read, the most it can be: no document is
 * shorter than the wdf of one of its terms, and BM25 weighs a term more
 * in a shorter document. */
static double term_weight(const folio__xbonus &nb, const bonus_term &t,
			  size_t i)
{
	if (t.wdf[i] < 0)
		return 0;
	return bm25_part(t.tw, nb.k1, nb.b, nb.len_factor, t.wdf[i],
			 std::max(nb.len[i], double(t.wdf[i])));
}

/* Document i's bonus terms, and the pairs whose words it has, as
 * term_weight weighs them. */
static double most_of(const folio__xbonus &nb, size_t i)
{
	double most = 0;
	for (size_t k = 0; k < nb.nbonus; k++)
		most += term_weight(nb, nb.terms[k], i);
	for (const auto &p : nb.pairs) {
		const bonus_term &a = nb.terms[p.a];
		const bonus_term &c = nb.terms[p.b];
		if (a.wdf[i] >= 0 && c.wdf[i] >= 0)
			most += term_weight(nb, a, i) + term_weight(nb, c, i);
	}
	return most;
}

extern "C" int folio__xbonus_open(folio__xbonus **out, folio__xdb *x,
				  const folio__xq *q, double k1, double b,
				  const uint32_t *ids, size_t n,
				  double *most) noexcept
{
	*out = nullptr;
	if (q->pairs.empty() && q->terms.empty())
		return FOLIO_ENOTFOUND;
	try {
		std::unique_ptr<folio__xbonus> nb(new folio__xbonus);
		double avlen = x->db.get_avlength();
		nb->db = x->db;
		nb->k1 = k1;
		nb->b = b;
		nb->len_factor = b != 0 && k1 != 0 && avlen != 0 ? 1 / avlen
								  : 0;
		nb->ids.assign(ids, ids + n);
		nb->len.assign(n, 0);
		for (const term_bonus &t : q->terms)
			nb->terms.push_back(read_term(*nb, t.term, t.factor));
		nb->nbonus = nb->terms.size();
		for (const near_pair &p : q->pairs)
			nb->pairs.push_back({pair_word(*nb, p.a, p.factor),
					     pair_word(*nb, p.b, p.factor),
					     p.window});
		for (size_t i = 0; i < n; i++)
			most[i] = most_of(*nb, i);
		*out = nb.release();
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot search the index at " +
					     x->path));
	}
}

extern "C" int folio__xbonus_refine(folio__xbonus *nb, size_t i,
				    double *most) noexcept
{
	*most = 0;
	try {
		if (nb->len[i] == 0)
			nb->len[i] = nb->db.get_doclength(nb->ids[i]);
		*most = most_of(*nb, i);
		return 0;
	} catch (...) {
		return map_exception("cannot read the length of a document in "
				     "the index");
	}
}

extern "C" int folio__xbonus_score(folio__xbonus *nb, size_t i,
				   double *bonus) noexcept
{
	*bonus = 0;
	try {
		if (nb->len[i] == 0)
			nb->len[i] = nb->db.get_doclength(nb->ids[i]);
		Xapian::docid id = nb->ids[i];
		for (size_t k = 0; k < nb->nbonus; k++)
			*bonus += term_weight(*nb, nb->terms[k], i);
		for (const auto &p : nb->pairs) {
			const bonus_term &a = nb->terms[p.a];
			const bonus_term &c = nb->terms[p.b];
			if (a.wdf[i] < 0 || c.wdf[i] < 0)
				continue;
			auto pa = positions(nb->db, id, a.term);
			auto pb = c.term == a.term ? pa
						   : positions(nb->db, id, c.term);
			if (near_in(pa, pb, p.window))
				*bonus += term_weight(*nb, a, i) +
					  term_weight(*nb, c, i);
		}
		return 0;
	} catch (...) {
		return map_exception("cannot read the positions of words in "
				     "the index");
	}
}

extern "C" void folio__xbonus_free(folio__xbonus *nb) noexcept
{
	delete nb;
}

/* The data of doc, as folio__xdb_get_data_docid gives it. */
static void data_out(char **data, size_t *len_out, void **store,
		     const Xapian::Document &doc)
{
	std::string *s = new std::string(doc.get_data());
	*store = s;
	*data = &(*s)[0];
	*len_out = s->size();
}

extern "C" int folio__xdb_get_data_docid(char **data, size_t *len_out,
					 void **store, folio__xdb *x,
					 uint32_t docid) noexcept
{
	*data = nullptr;
	*len_out = 0;
	*store = nullptr;
	try {
		/* Not checked first (a lookup per hit): the data of a
		 * document that is not there reads as empty, and folio
		 * never stores empty data. */
		data_out(data, len_out, store,
			 x->db.get_document(docid, Xapian::DOC_ASSUME_VALID));
		if (*len_out > 0)
			return 0;
		folio__xdata_free(*store);
		*data = nullptr;
		*store = nullptr;
		return FOLIO_ENOTFOUND; /* the caller says what */
	} catch (const Xapian::DocNotFoundError &) {
		return FOLIO_ENOTFOUND;
	} catch (...) {
		return map_exception(CONTEXT("cannot read a document from "
					     "the index at " + x->path));
	}
}

extern "C" int folio__xdb_get_data_term(char **data, size_t *len_out,
					void **store, folio__xdb *x,
					const char *idterm) noexcept
{
	*data = nullptr;
	*len_out = 0;
	*store = nullptr;
	try {
		Xapian::PostingIterator p = x->db.postlist_begin(idterm);
		if (p == x->db.postlist_end(idterm))
			return FOLIO_ENOTFOUND; /* the caller says what */
		/* Found by its id term: it is there. */
		data_out(data, len_out, store,
			 x->db.get_document(*p, Xapian::DOC_ASSUME_VALID));
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read a document from "
					     "the index at " + x->path));
	}
}

/* ================================================================== */
/* Ingest: stamps of documents, for incremental runs                   */
/* ================================================================== */

extern "C" int folio__xdb_list_values(folio__xdb *x, const char *prefix,
				      unsigned slot, folio__xvalue_cb cb,
				      void *payload) noexcept
{
	try {
		std::vector<std::pair<Xapian::docid, std::string>> values;
		for (auto v = x->db.valuestream_begin(slot);
		     v != x->db.valuestream_end(slot); ++v)
			values.emplace_back(v.get_docid(), *v);
		/* The value stream is in docid order: search it. */
		auto by_docid = [](const std::pair<Xapian::docid,
						   std::string> &a,
				   Xapian::docid d) { return a.first < d; };
		int rc = 0;
		for (auto t = x->db.allterms_begin(prefix);
		     rc == 0 && t != x->db.allterms_end(prefix); ++t) {
			std::string term = *t;
			auto p = x->db.postlist_begin(term);
			if (p == x->db.postlist_end(term))
				continue;
			auto v = std::lower_bound(values.begin(), values.end(),
						  *p, by_docid);
			const char *value = "";
			if (v != values.end() && v->first == *p)
				value = v->second.c_str();
			rc = cb(term.c_str(), value, payload);
		}
		return rc;
	} catch (...) {
		return map_exception(CONTEXT("cannot list the documents of "
					     "the index at " + x->path));
	}
}

extern "C" int folio__xdb_set_doc_value(folio__xdb *x, const char *idterm,
					unsigned slot, const char *value,
					size_t len, int *found) noexcept
{
	try {
		*found = 0;
		int rc = need_writable(x);
		if (rc < 0)
			return rc;
		auto p = x->wdb.postlist_begin(idterm);
		if (p == x->wdb.postlist_end(idterm))
			return 0;
		Xapian::docid did = *p;
		Xapian::Document doc = x->wdb.get_document(did);
		doc.add_value(slot, std::string(value, len));
		/* Only a value changed: Xapian rewrites only the value. */
		x->wdb.replace_document(did, doc);
		*found = 1;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot update a document of "
					     "the index at " + x->path));
	}
}

/* ================================================================== */
/* Query language (query.c): whether anything matches, feedback terms  */
/* ================================================================== */

extern "C" int folio__xdb_has_match(folio__xdb *x, const folio__xq *q,
				    int *out) noexcept
{
	*out = 0;
	try {
		Xapian::Enquire enquire(x->db);
		enquire.set_query(q->q);
		/* Only whether there is a match: no weights to compute. */
		enquire.set_weighting_scheme(Xapian::BoolWeight());
		Xapian::MSet mset = enquire.get_mset(0, 1);
		*out = mset.size() > 0;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot search the index at " +
					     x->path));
	}
}

namespace {
/*
 * BM25 exactly as Xapian's BM25Weight computes it (1.4, k2 = 0, k3 = 1,
 * min_normlen 0.5), with a tighter upper bound.
 *
 * Xapian bounds a term's wdf by its collection frequency (at most the
 * largest wdf in the index), and from that bound it tells which
 * documents cannot reach the page and need not be scored.  A title
 * term in 36 titles once each has a collection frequency of 36, so its
 * bound was that of a document naming the word 36 times: about twice
 * the weight it can have.  The page's threshold then never passes the
 * bound of "value OR contributo"'s common side, and every document
 * with "value" is scored.
 *
 * Every document that holds a scored term holds it at least once (a
 * wdf of 0 is only given to filter terms, which are never weighed), so
 * no document holds it more than cf - tf + 1 times: 1 for the title
 * term above.  The weights are Xapian's own formula, term for term, so
 * rankings do not change; only documents that cannot reach the page
 * are skipped sooner.
 */
class bm25_weight : public Xapian::Weight {
	double k1, b;
	double termweight = 0, len_factor = 0;

	double wdf_bound() const
	{
		return bm25_wdf_bound(get_wdf_upper_bound(), get_termfreq(),
				      get_collection_freq(),
				      get_doclength_upper_bound());
	}

public:
	bm25_weight(double k1_, double b_) : k1(k1_), b(b_)
	{
		need_stat(COLLECTION_SIZE);
		need_stat(RSET_SIZE);
		need_stat(AVERAGE_LENGTH);
		need_stat(TERMFREQ);
		need_stat(RELTERMFREQ);
		need_stat(COLLECTION_FREQ);
		need_stat(WQF);
		need_stat(WDF);
		need_stat(WDF_MAX);
		need_stat(DOC_LENGTH);
		need_stat(DOC_LENGTH_MIN);
		need_stat(DOC_LENGTH_MAX);
	}

	bm25_weight *clone() const override
	{
		return new bm25_weight(k1, b);
	}

	std::string name() const override { return "folio::bm25_weight"; }

	void init(double factor) override
	{
		double tf = get_termfreq(), idf;
		if (get_rset_size() != 0) {
			double rtf = get_reltermfreq();
			double not_indexed = get_rset_size() - rtf;
			double n = get_collection_size() - not_indexed;
			idf = ((rtf + 0.5) * (n - tf + 0.5)) /
			      ((not_indexed + 0.5) * (tf - rtf + 0.5));
		} else {
			idf = (get_collection_size() - tf + 0.5) / (tf + 0.5);
		}
		termweight = bm25_termweight(idf, factor, get_wqf(), k1);
		len_factor = 0;
		if (b != 0 && k1 != 0) {
			len_factor = get_average_length();
			if (len_factor != 0)
				len_factor = 1 / len_factor;
		}
	}

	double get_sumpart(Xapian::termcount wdf, Xapian::termcount len,
			   Xapian::termcount) const override
	{
		return bm25_part(termweight, k1, b, len_factor, wdf, len);
	}

	double get_maxpart() const override
	{
		double wdf_max = wdf_bound();
		double denom = k1;
		if (k1 != 0 && b != 0) {
			/* No document is shorter than its wdf. */
			double len = std::max(
				wdf_max, double(get_doclength_lower_bound()));
			double normlen_lb = std::max(len * len_factor, 0.5);
			denom *= (normlen_lb * b + (1 - b));
		}
		denom += wdf_max;
		return termweight * (wdf_max / denom);
	}

	double get_sumextra(Xapian::termcount, Xapian::termcount) const override
	{
		return 0;
	}

	double get_maxextra() const override { return 0; }
};
} // namespace

namespace {
/* Expansion terms: those with the prefix, and not the query's own. */
struct expand_decider : public Xapian::ExpandDecider {
	std::string prefix;
	std::vector<std::string> known;
	bool operator()(const std::string &term) const override
	{
		if (term.compare(0, prefix.size(), prefix) != 0 ||
		    term.size() <= prefix.size())
			return false;
		/* A prefix letter after the "Z" is a field's stem. */
		char c = term[prefix.size()];
		if (c >= 'A' && c <= 'Z')
			return false;
		for (const std::string &k : known)
			if (k == term)
				return false;
		return true;
	}
};
} // namespace

extern "C" int folio__xdb_expand(folio__xdb *x, const folio__xq *q,
				 double k1, double b, unsigned nrel,
				 unsigned nterms, const char *prefix,
				 char **out, size_t *count) noexcept
{
	*out = nullptr;
	*count = 0;
	try {
		Xapian::Enquire enquire(x->db);
		enquire.set_query(q->q);
		enquire.set_weighting_scheme(
			bm25_weight(k1, b));
		Xapian::MSet mset = enquire.get_mset(0, nrel);
		if (mset.empty())
			return 0;
		Xapian::RSet rset;
		for (auto m = mset.begin(); m != mset.end(); ++m)
			rset.add_document(*m);
		expand_decider decider;
		decider.prefix = prefix;
		for (auto t = q->q.get_unique_terms_begin();
		     t != q->q.get_unique_terms_end(); ++t)
			decider.known.push_back(*t);
		Xapian::ESet eset = enquire.get_eset(nterms, rset, &decider);
		std::string all;
		for (auto e = eset.begin(); e != eset.end(); ++e) {
			all += *e;
			all.push_back('\0');
		}
		char *buf = static_cast<char *>(std::malloc(all.size() + 1));
		if (buf == nullptr)
			throw std::bad_alloc();
		std::memcpy(buf, all.data(), all.size());
		buf[all.size()] = '\0';
		*out = buf;
		*count = eset.size();
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot search the index at " +
					     x->path));
	}
}

/* ================================================================== */
/* Search features (rank): date filters, sorting, facets, similar      */
/* documents, explanations, the lexicon walk for suggestions           */
/* ================================================================== */

extern "C" int folio__xq_value_range(folio__xq **out, unsigned slot,
				     const char *lo, const char *hi) noexcept
{
	*out = nullptr;
	try {
		if (lo && hi)
			*out = wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
						  slot, lo, hi));
		else if (lo)
			*out = wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE,
						  slot, lo));
		else if (hi)
			*out = wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE,
						  slot, hi));
		else
			*out = wrap(Xapian::Query::MatchAll);
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}

extern "C" void folio__xcounts_free(folio__xcounts *counts, size_t n) noexcept
{
	if (counts == nullptr)
		return;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < counts[i].count; k++)
			std::free(counts[i].items[k].value);
		std::free(counts[i].items);
	}
	std::free(counts);
}

/* Give hit h what a page shows of doc: its head (value slot head_slot)
 * when it has one, else its whole stored data. */
static void take_data(folio__xhit *h, const Xapian::Document &doc,
		      int head_slot)
{
	/* Moved, not copied: the data can be most of a long document.
	 * Xapian reads a document's values and data only when asked, and
	 * only the data is compressed. */
	std::string *data = new std::string();
	h->store = data;
	if (head_slot >= 0)
		*data = doc.get_value(static_cast<Xapian::valueno>(head_slot));
	h->head = !data->empty();
	if (!h->head)
		*data = doc.get_data();
	h->data = &(*data)[0];
	h->data_len = data->size();
}

extern "C" int folio__xdb_hits_fill(folio__xdb *x, folio__xhit *hits,
				    size_t count, int head_slot) noexcept
{
	try {
		/* The hits are the search's own, so their documents are
		 * there: without DOC_ASSUME_VALID, Xapian checks each by
		 * reading its length, 17,000 instructions a hit (callgrind,
		 * `people OR increase` on 528 MB: 3.5M for ten pages of
		 * hits, 1.7M of them that check). */
		for (size_t i = 0; i < count; i++)
			if (hits[i].store == nullptr)
				take_data(&hits[i],
					  x->db.get_document(
						  hits[i].docid,
						  Xapian::DOC_ASSUME_VALID),
					  head_slot);
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read the documents of "
					     "the index at " + x->path));
	}
}

/* The values a spy counted, most frequent first, into out. */
static void take_counts(folio__xcounts *out,
			const Xapian::ValueCountMatchSpy &spy)
{
	std::vector<std::pair<std::string, uint64_t>> v;
	for (auto i = spy.values_begin(); i != spy.values_end(); ++i)
		v.emplace_back(*i, i.get_termfreq());
	std::stable_sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
		return a.second > b.second;
	});
	if (v.empty())
		return;
	out->items = static_cast<folio__xcount *>(
		std::calloc(v.size(), sizeof *out->items));
	if (out->items == nullptr)
		throw std::bad_alloc();
	for (const auto &p : v) {
		out->items[out->count].value = copy_out(p.first);
		out->items[out->count].count = p.second;
		out->count++;
	}
}

extern "C" int folio__xdb_search(folio__xhit **hits_out, size_t *count_out,
				 uint64_t *estimate_out,
				 folio__xcounts **counts_out, folio__xdb *x,
				 const folio__xsearch *s) noexcept
{
	*hits_out = nullptr;
	*count_out = 0;
	*estimate_out = 0;
	*counts_out = nullptr;
	folio__xhit *hits = nullptr;
	folio__xcounts *counts = nullptr;
	size_t filled = 0;
	try {
		Xapian::Enquire enquire(x->db);
		bool fast = norms_usable(x);
		term_source_context ctx{&x->norms, s->k1, s->b};
		term_source_scope scope(fast ? &ctx : nullptr);
		enquire.set_query(fast ? s->q->fast : s->q->q);
		enquire.set_weighting_scheme(
			bm25_weight(s->k1, s->b));
		/* Xapian's reverse flag means descending: newest first. */
		if (s->sort_slot >= 0)
			enquire.set_sort_by_value_then_relevance(
				static_cast<Xapian::valueno>(s->sort_slot),
				!s->reverse);
		std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
		for (size_t i = 0; i < s->ncount_slots; i++) {
			spies.emplace_back(new Xapian::ValueCountMatchSpy(
				s->count_slots[i]));
			enquire.add_matchspy(spies.back().get());
		}
		/* Counts are over every match, not just those Xapian needs
		 * to rank the page, so it must look at them all. */
		Xapian::doccount total = x->db.get_doccount();
		Xapian::doccount check = spies.empty() ? 0 : total;
		Xapian::doccount offset = static_cast<Xapian::doccount>(
			s->offset);
		Xapian::doccount limit = static_cast<Xapian::doccount>(
			s->limit);
		bool least_first = s->sort_slot < 0 && s->reverse;
		Xapian::MSet mset;
		uint64_t estimate = 0;
		if (least_first) {
			/* Xapian ranks best first only: count the matches
			 * exactly, then take the page from the far end. */
			Xapian::MSet all = enquire.get_mset(0, 0, total);
			enquire.clear_matchspies();
			Xapian::doccount n = all.get_matches_estimated();
			estimate = n;
			Xapian::doccount end = offset < n ? n - offset : 0;
			Xapian::doccount start = end > limit ? end - limit : 0;
			if (end > start)
				mset = enquire.get_mset(start, end - start);
		} else {
			mset = enquire.get_mset(offset, limit, check);
			estimate = mset.get_matches_estimated();
		}
		size_t n = mset.size();
		if (n > 0) {
			hits = static_cast<folio__xhit *>(
				std::calloc(n, sizeof *hits));
			if (hits == nullptr)
				throw std::bad_alloc();
		}
		for (size_t i = 0; i < n; i++) {
			Xapian::MSetIterator m =
				mset[static_cast<Xapian::doccount>(
					least_first ? n - 1 - i : i)];
			folio__xhit *h = &hits[filled];
			h->score = m.get_weight();
			h->docid = *m;
			if (!s->no_data)
				take_data(h, m.get_document(), s->head_slot);
			filled++;
		}
		if (!spies.empty()) {
			counts = static_cast<folio__xcounts *>(
				std::calloc(spies.size(), sizeof *counts));
			if (counts == nullptr)
				throw std::bad_alloc();
			for (size_t i = 0; i < spies.size(); i++)
				take_counts(&counts[i], *spies[i]);
		}
		*hits_out = hits;
		*count_out = filled;
		*estimate_out = estimate;
		*counts_out = counts;
		return 0;
	} catch (...) {
		folio__xhits_free(hits, filled);
		folio__xcounts_free(counts, s->ncount_slots);
		return map_exception(CONTEXT("cannot search the index at " +
					     x->path));
	}
}

/*
 * Terms relevance feedback may pick: stems, or unprefixed words, that
 * some other document has too.  Feedback from one document favours the
 * terms only it has, which would find nothing else.
 */
class feedback_terms : public Xapian::ExpandDecider {
	const Xapian::Database &db;
	bool stems;

      public:
	feedback_terms(const Xapian::Database &db_, bool stems_)
		: db(db_), stems(stems_)
	{
	}
	bool operator()(const std::string &t) const override
	{
		size_t skip = stems ? 1 : 0;
		if (stems && (t.empty() || t[0] != 'Z'))
			return false;
		/* A one-letter word says little about a document. */
		if (t.size() < skip + 2 || (t[skip] >= 'A' && t[skip] <= 'Z'))
			return false;
		return db.get_termfreq(t) >= 2;
	}
};

extern "C" int folio__xdb_similar_terms(char ***out, size_t *n_out,
					folio__xdb *x, const char *idterm,
					size_t max_terms, int stems) noexcept
{
	*out = nullptr;
	*n_out = 0;
	char **terms = nullptr;
	size_t filled = 0;
	try {
		Xapian::PostingIterator p = x->db.postlist_begin(idterm);
		if (p == x->db.postlist_end(idterm))
			return FOLIO_ENOTFOUND; /* the caller says what */
		Xapian::RSet rset;
		rset.add_document(*p);
		Xapian::Enquire enquire(x->db);
		feedback_terms decider(x->db, stems != 0);
		Xapian::ESet eset = enquire.get_eset(
			static_cast<Xapian::termcount>(max_terms), rset,
			&decider);
		if (eset.size() > 0) {
			terms = static_cast<char **>(
				std::calloc(eset.size(), sizeof *terms));
			if (terms == nullptr)
				throw std::bad_alloc();
		}
		for (auto t = eset.begin(); t != eset.end(); ++t)
			terms[filled++] = copy_out(*t);
		*out = terms;
		*n_out = filled;
		return 0;
	} catch (...) {
		for (size_t i = 0; i < filled; i++)
			std::free(terms[i]);
		std::free(terms);
		return map_exception(CONTEXT("cannot find the best terms of a "
					     "document in the index at " +
					     x->path));
	}
}

extern "C" void folio__xmatches_free(folio__xmatch *m, size_t n) noexcept
{
	if (m == nullptr)
		return;
	for (size_t i = 0; i < n; i++)
		std::free(m[i].term);
	std::free(m);
}

extern "C" int folio__xdb_explain(folio__xmatch **out, size_t *n_out,
				  folio__xdb *x, const folio__xq *q,
				  uint32_t docid, double k1,
				  double b) noexcept
{
	*out = nullptr;
	*n_out = 0;
	folio__xmatch *m = nullptr;
	size_t filled = 0;
	try {
		Xapian::Enquire enquire(x->db);
		enquire.set_query(q->q);
		std::vector<std::string> terms(
			enquire.get_matching_terms_begin(docid),
			enquire.get_matching_terms_end(docid));
		/* The unique id term lets a one-term query be restricted to
		 * this document, so that Xapian weighs the term there. */
		std::string idterm;
		Xapian::TermIterator tl = x->db.termlist_begin(docid);
		tl.skip_to("Q");
		if (tl != x->db.termlist_end(docid) && (*tl)[0] == 'Q')
			idterm = *tl;
		if (!terms.empty()) {
			m = static_cast<folio__xmatch *>(
				std::calloc(terms.size(), sizeof *m));
			if (m == nullptr)
				throw std::bad_alloc();
		}
		for (const std::string &term : terms) {
			folio__xmatch *e = &m[filled];
			e->term = copy_out(term);
			filled++;
			Xapian::TermIterator dt = x->db.termlist_begin(docid);
			dt.skip_to(term);
			if (dt != x->db.termlist_end(docid) && *dt == term)
				e->wdf = dt.get_wdf();
			if (!idterm.empty()) {
				Xapian::Enquire one(x->db);
				one.set_query(Xapian::Query(
					Xapian::Query::OP_FILTER,
					Xapian::Query(term),
					Xapian::Query(idterm)));
				one.set_weighting_scheme(
					bm25_weight(k1, b));
				Xapian::MSet ms = one.get_mset(0, 1);
				if (!ms.empty())
					e->weight = ms.begin().get_weight();
			}
			for (auto p = x->db.positionlist_begin(docid, term);
			     p != x->db.positionlist_end(docid, term) &&
			     e->npositions < FOLIO__XEXPLAIN_PLACES;
			     ++p)
				e->positions[e->npositions++] = *p;
		}
		*out = m;
		*n_out = filled;
		return 0;
	} catch (...) {
		folio__xmatches_free(m, filled);
		return map_exception(CONTEXT("cannot explain a hit in the "
					     "index at " + x->path));
	}
}

/* ================================================================== */
/* Query speed                                                         */
/* ================================================================== */

extern "C" int folio__xdb_walk_words(folio__xdb *x, const char *prefix,
				     size_t max_terms, size_t *walked,
				     folio__xterm_cb cb, void *payload) noexcept
{
	*walked = 0;
	try {
		/* A prefix that starts a word never starts with a term
		 * prefix's upper-case letter, so the range holds words
		 * only. */
		Xapian::TermIterator t = x->db.allterms_begin(prefix);
		Xapian::TermIterator end = x->db.allterms_end(prefix);
		size_t n = 0;
		for (; t != end && n < max_terms; ++t) {
			const std::string &term = *t;
			n++;
			if (cb(term.data(), term.size(), t.get_termfreq(),
			       payload) != 0)
				break;
		}
		*walked = n;
		return 0;
	} catch (...) {
		return map_exception(CONTEXT("cannot read the words of the "
					     "index at " + x->path));
	}
}

/* ================================================================== */
/* Indexing speed: shards built in parallel, merged by compaction      */
/* ================================================================== */

extern "C" int folio__xdb_compact(const char *out_path,
				  const char *const *paths, size_t n) noexcept
{
	try {
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(paths[i]));
		/* Compaction writes each table in one pass, fully packed:
		 * the merged index is smaller than one built by commits. */
		all.compact(out_path);
		/* Compaction copies Xapian's tables, not the parts' files
		 * of lengths: write the merged index's. */
		folio__xdb merged;
		merged.path = out_path;
		merged.wdb = Xapian::WritableDatabase(out_path,
						      Xapian::DB_OPEN);
		update_norms(&merged);
		merged.wdb.close();
		return 0;
	} catch (...) {
		return map_exception(CONTEXT(std::string("cannot merge the "
							 "parts of the "
							 "index into ") +
					     out_path));
	}
}

extern "C" int folio__xdb_append(folio__xdb *x, const char *src_path,
				 const unsigned *slot_map, size_t nmap,
				 const char *meta_prefix) noexcept
{
	try {
		int rc = need_writable(x);
		if (rc < 0)
			return rc;
		Xapian::Database src(src_path);
		Xapian::PostingIterator end = src.postlist_end("");
		for (auto d = src.postlist_begin(""); d != end; ++d) {
			Xapian::Document from = src.get_document(*d);
			Xapian::Document to;
			for (auto t = from.termlist_begin();
			     t != from.termlist_end(); ++t) {
				Xapian::termcount wdf = t.get_wdf();
				Xapian::termcount left = wdf;
				for (auto p = t.positionlist_begin();
				     p != t.positionlist_end(); ++p) {
					Xapian::termcount inc = left ? 1 : 0;
					to.add_posting(*t, *p, inc);
					left -= inc;
				}
				/* What positions did not account for (and
				 * boolean terms, wdf 0) */
				to.add_term(*t, left);
			}
			for (auto v = from.values_begin();
			     v != from.values_end(); ++v) {
				Xapian::valueno slot = v.get_valueno();
				if (slot < nmap)
					slot = slot_map[slot];
				to.add_value(slot, *v);
			}
			to.set_data(from.get_data());
			Xapian::docid did = x->wdb.add_document(to);
			x->dirty_norms.insert(did / NORMS_CHUNK);
		}
		/* What the documents keep in the metadata (their bodies),
		 * keyed by their ids, which the copy keeps. */
		Xapian::TermIterator kend = src.metadata_keys_end(meta_prefix);
		for (auto k = src.metadata_keys_begin(meta_prefix); k != kend;
		     ++k)
			x->wdb.set_metadata(*k, src.get_metadata(*k));
		return 0;
	} catch (...) {
		return map_exception(CONTEXT(std::string("cannot copy the "
							 "documents of ") +
					     src_path + " into the index at " +
					     x->path));
	}
}
