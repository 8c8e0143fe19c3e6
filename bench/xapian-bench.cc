/*
 * xapian-bench.cc - the plain Xapian peer: what a program using Xapian
 * the usual way does, for folio to be measured against.
 *
 *   xapian-bench index DB DIR          every *.txt file under DIR, one
 *                                      document each: TermGenerator with
 *                                      the English stemmer and positions,
 *                                      the text as document data
 *   xapian-bench query DB QUERIES REPS [snippets]
 *                                      QueryParser (English stemmer,
 *                                      STEM_SOME, default op AND), top
 *                                      10, and with "snippets" an
 *                                      MSet::snippet of each hit (default
 *                                      flags, 200 bytes); prints the
 *                                      summary line of timing.h
 */
#include <xapian.h>

#include <dirent.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "timing.h"

static void walk(const std::string &dir, std::vector<std::string> &files)
{
	DIR *d = opendir(dir.c_str());
	if (d == nullptr)
		return;
	while (struct dirent *e = readdir(d)) {
		std::string name = e->d_name;
		if (name[0] == '.')
			continue;
		std::string path = dir + "/" + name;
		struct stat st;
		if (stat(path.c_str(), &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, files);
		else if (name.size() > 4 &&
			 name.compare(name.size() - 4, 4, ".txt") == 0)
			files.push_back(path);
	}
	closedir(d);
}

static int index_dir(const char *db_path, const char *dir)
{
	Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
	Xapian::TermGenerator tg;
	std::vector<std::string> files;

	tg.set_stemmer(Xapian::Stem("english"));
	walk(dir, files);
	for (const std::string &path : files) {
		std::ifstream in(path, std::ios::binary);
		std::stringstream ss;
		ss << in.rdbuf();
		Xapian::Document doc;
		tg.set_document(doc);
		tg.index_text(ss.str());
		doc.set_data(ss.str());
		doc.add_boolean_term("Q" + path);
		db.replace_document("Q" + path, doc);
	}
	db.commit();
	std::cerr << "xapian-bench: indexed " << files.size() << " files\n";
	return 0;
}

static int run_queries(const char *db_path, const char *qfile, int reps,
		       bool snippets)
{
	bench_queries qs;
	if (bench_read_queries(&qs, qfile) < 0)
		return 2;
	Xapian::Database db(db_path);
	Xapian::Stem stem("english");
	Xapian::QueryParser qp;
	qp.set_stemmer(stem);
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_default_op(Xapian::Query::OP_AND);
	qp.set_database(db);
	std::vector<double> samples;
	size_t sink = 0;

	for (size_t i = 0; i < qs.count; i++) {
		for (int r = -1; r < reps; r++) {
			double t0 = bench_now_ms();
			Xapian::Enquire enquire(db);
			enquire.set_query(qp.parse_query(qs.text[i]));
			Xapian::MSet mset = enquire.get_mset(0, 10);
			for (auto m = mset.begin(); m != mset.end(); ++m) {
				std::string data = m.get_document().get_data();
				if (snippets)
					sink += mset.snippet(data, 200, stem)
							.size();
				else
					sink += data.size() > 0;
			}
			if (r >= 0)
				samples.push_back(bench_now_ms() - t0);
		}
	}
	bench_report(samples.data(), samples.size());
	bench_free_queries(&qs);
	return sink > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	try {
		std::string cmd = argc > 1 ? argv[1] : "";
		if (cmd == "index" && argc == 4)
			return index_dir(argv[2], argv[3]);
		if (cmd == "query" && (argc == 5 || argc == 6))
			return run_queries(argv[2], argv[3], atoi(argv[4]),
					   argc == 6 && std::string(argv[5]) ==
								"snippets");
	} catch (const Xapian::Error &e) {
		std::cerr << "xapian-bench: " << e.get_description() << "\n";
		return 2;
	}
	std::cerr << "usage: xapian-bench index DB DIR\n"
		     "       xapian-bench query DB QUERIES REPS [snippets]\n";
	return 2;
}
