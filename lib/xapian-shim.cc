/*
 * xapian-shim.cc - Xapian behind plain C functions: the only C++ in folio.
 *
 * Every function here is extern "C" and noexcept, and wraps its Xapian
 * calls in try/catch with catch (...) last: no exception ever reaches C
 * code (or a program that links libfolio).  Exceptions become FOLIO_E*
 * codes with a message, through map_exception().
 */
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <sys/stat.h>

#include "folio-private.h"

struct folio__xdb {
	Xapian::Database db;          /* reading: always set */
	Xapian::WritableDatabase wdb; /* writing: set when writable */
	std::string path;
	bool writable = false;
	bool in_transaction = false;
};

struct folio__xdoc {
	Xapian::Document doc;
};

struct folio__xq {
	Xapian::Query q;
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
		x->db.reopen();
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
		x->wdb.replace_document(idterm, doc->doc);
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
		std::string data = x->db.get_document(*p).get_data();
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

/* ---- Queries ------------------------------------------------------ */

static folio__xq *wrap(const Xapian::Query &q)
{
	folio__xq *x = new folio__xq;
	x->q = q;
	return x;
}

extern "C" int folio__xq_term(folio__xq **out, const char *term, size_t len,
			      uint32_t wqf, uint32_t position) noexcept
{
	*out = nullptr;
	try {
		*out = wrap(Xapian::Query(std::string(term, len), wqf,
					  position));
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
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++)
			v.push_back(subs[i]->q);
		*out = wrap(Xapian::Query(xapian_op(op), v.begin(), v.end(),
					  window));
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
		*out = wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
					  sub->q, factor));
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

extern "C" void folio__xhits_free(folio__xhit *hits, size_t count) noexcept
{
	if (hits == nullptr)
		return;
	for (size_t i = 0; i < count; i++)
		std::free(hits[i].data);
	std::free(hits);
}

extern "C" int folio__xdb_search(folio__xhit **hits_out, size_t *count_out,
				 uint64_t *estimate_out, folio__xdb *x,
				 const folio__xq *q, size_t offset,
				 size_t limit, double k1, double b) noexcept
{
	*hits_out = nullptr;
	*count_out = 0;
	*estimate_out = 0;
	folio__xhit *hits = nullptr;
	size_t filled = 0;
	try {
		Xapian::Enquire enquire(x->db);
		enquire.set_query(q->q);
		/* k2 0, k3 1 and min_normlen 0.5 are Xapian's defaults. */
		enquire.set_weighting_scheme(
			Xapian::BM25Weight(k1, 0, 1, b, 0.5));
		Xapian::MSet mset = enquire.get_mset(
			static_cast<Xapian::doccount>(offset),
			static_cast<Xapian::doccount>(limit));
		size_t n = mset.size();
		if (n > 0) {
			hits = static_cast<folio__xhit *>(
				std::calloc(n, sizeof *hits));
			if (hits == nullptr)
				throw std::bad_alloc();
		}
		for (auto m = mset.begin(); m != mset.end(); ++m) {
			std::string data = m.get_document().get_data();
			folio__xhit *h = &hits[filled];
			h->score = m.get_weight();
			h->docid = *m;
			h->data = copy_out(data);
			h->data_len = data.size();
			filled++;
		}
		*hits_out = hits;
		*count_out = filled;
		*estimate_out = mset.get_matches_estimated();
		return 0;
	} catch (...) {
		folio__xhits_free(hits, filled);
		return map_exception(CONTEXT("cannot search the index at " +
					     x->path));
	}
}

/* ---- Query language (query.c) ------------------------------------- */

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
			Xapian::BM25Weight(k1, 0, 1, b, 0.5));
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

extern "C" int folio__xq_value_range(folio__xq **out, unsigned slot,
				     const char *lo, const char *hi) noexcept
{
	*out = nullptr;
	try {
		if (lo != nullptr && hi != nullptr)
			*out = wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
						  slot, lo, hi));
		else if (lo != nullptr)
			*out = wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE,
						  slot, lo));
		else if (hi != nullptr)
			*out = wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE,
						  slot, hi));
		else
			*out = wrap(Xapian::Query::MatchAll);
		return 0;
	} catch (...) {
		return map_exception("cannot build the query");
	}
}
