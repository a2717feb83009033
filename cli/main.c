/*
 * pirqsim - command line.  Subcommands and their help come from one table
 * (as xl's tools/xl/xl_cmdtable.c), matched exactly, never by prefix.
 * Exit status: 0 holds, 1 violated, 2 usage or input error, 3 inconclusive.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pirqsim.h"
#include "replay.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;
	const char *help;
};

static int cmd_demo(int argc, char **argv);
static int cmd_check(int argc, char **argv);
static int cmd_run(int argc, char **argv);
static int cmd_versions(int argc, char **argv);
static int cmd_scenarios(int argc, char **argv);

#define SCENARIO_OPTIONS \
	"Scenario (a built-in name or a .yaml/.json file, then options that override it):\n" \
	"  --kernel V            Linux release (e.g. 4.10, 4.4.58, 3.10.0-514.24.1.el7); default 4.11\n" \
	"  --qemu V              QEMU release or qemu-xen-traditional; default 2.8, or with\n" \
	"                        --xen the device model that Xen release bundles\n" \
	"  --xen V               Xen release; default 4.8\n" \
	"  (a release the version table does not know, or newer than its newest row\n" \
	"  knows, is refused with the nearest known ones: `pirqsim versions`)\n" \
	"  --nvme N              N NVMe controllers (replaces the scenario's devices)\n" \
	"  --io-queues Q         I/O queues (vectors) each NVMe controller asks for; default 2\n" \
	"  --nic N               N NICs that go down and up once\n" \
	"  --single N            N devices whose driver enables once\n" \
	"  --emulated-nvme N     N more NVMe controllers that QEMU emulates (not passed through):\n" \
	"                        their MSI-X reach the guest by XEN_DMOP_inject_msi\n" \
	"  --vectors V           vectors of each --nic/--single device; default 2 / 1\n" \
	"  --msi                 the devices have MSI only (no MSI-X)\n" \
	"  --knob NAME=VALUE     set a behaviour knob explicitly (see `pirqsim versions --knobs`)\n" \
	"  --apicv               the host has APIC virtualisation (guest may skip the pirq path)\n" \
	"  --hvm-pirq 0|1        xl.cfg hvm_pirq= (default: the Xen release's default)\n" \
	"  --extra-guest-irqs N  MSI pirq budget of the domain (Xen's extra_guest_irqs; default 32)\n" \
	"  --xen-irqs N          Xen irqs the host has for MSI (its nr_irqs less GSIs; default 200)\n" \
	"  --fault NAME          inject a fault, explored like any interleaving (repeatable; e.g.\n" \
	"                        map-pirq-enomem, flr, reload@nvme1; docs/faults.md lists them)\n"

static const struct command commands[] = {
	{"demo", cmd_demo, "the 2017 NVMe case with the old and the fixed kernel",
	 "pirqsim demo [--quiet | --json]",
	 "Checks the built-in scenarios nvme-2017 (Linux 4.10) and nvme-2017-fixed (Linux 4.11)\n"
	 "exhaustively, replays the old kernel's counterexample and explains the difference.\n"
	 "  --quiet               only the two verdict lines\n"
	 "  --json                one JSON object: the two checks' results (as check --json)\n"},
	{"check", cmd_check, "explore every interleaving and check the properties",
	 "pirqsim check [SCENARIO] [options]",
	 SCENARIO_OPTIONS
	 "Search:\n"
	 "  --bfs                 breadth-first: the counterexample is a shortest one\n"
	 "  --threads N           search on N threads (default: every core; with --bfs, 1, so\n"
	 "                        that the shortest counterexample is the same every run)\n"
	 "  --random              seeded random walks instead of the exhaustive search\n"
	 "  --seed S              seed of the random walks (default 1)\n"
	 "  --walks N             number of random walks (default 1000)\n"
	 "  --steps-max N         stop a walk as inconclusive after N steps (default 4096)\n"
	 "  --shard I/N           run only walks k with k % N == I (spread walks over machines)\n"
	 "  --memory-max SIZE     state store budget, e.g. 512M, 4G (default: half the memory)\n"
	 "  --hash-compact        store 64-bit fingerprints only (16 bytes a state, lossy:\n"
	 "                        the chance of a missed state is printed)\n"
	 "  --no-symmetry         do not merge states that differ only by a permutation of\n"
	 "                        interchangeable devices (same driver, type and vectors)\n"
	 "  --no-por              depth-first: explore every enabled driver at every state\n"
	 "                        (no partial-order reduction)\n"
	 "  --no-renumber         depth-first: store pirq numbers as they are (by default the\n"
	 "                        pirqs that stay busy to the end are renumbered canonically)\n"
	 "  --no-dead-shadows     depth-first: keep QEMU's MSI-X message shadows that nothing\n"
	 "                        reads again (by default they are forgotten)\n"
	 "  --time-max SECONDS    stop as inconclusive after this long\n"
	 "  --depth-max N         stop as inconclusive past this depth\n"
	 "  --trail-out FILE      where to write the counterexample (default SCENARIO.trail)\n"
	 "  --all-violations      search on past every violation and list every distinct one\n"
	 "                        (property and mechanism) with a trail each: the first at the\n"
	 "                        trail path (X.trail), the others at X-2.trail, X-3.trail, ...\n"
	 "                        (each a shortest one with --bfs); exit 1, or 3 when a bound\n"
	 "                        stopped the search first (those found so far are listed)\n"
	 "  --max-violations N    with --all-violations: keep at most N (1 to 1024, default\n"
	 "                        64); one more ends the search inconclusive (3), saying so\n"
	 "  --quiet               only the verdict line\n"
	 "  --json                one JSON object: verdict, statistics, violations, trail path\n"
	 "Real guest code (src/real/README.md):\n"
	 "  --linux-src DIR       run the MSI-path functions of the Linux tree DIR as the guest\n"
	 "                        (extracted by name, compiled against a kernel shim, cached);\n"
	 "                        every schedule is explored against the modelled QEMU and Xen;\n"
	 "                        the tree's release (its Makefile) is the default --kernel\n"
	 "  --real-object FILE    the same with an object tools/real/build.py built before\n"
	 "  --differential        also run the model's guest along every schedule and stop at\n"
	 "                        the first difference in calls or printed lines (exit 2)\n"
	 "  --qemu-src DIR        run QEMU's xen_pt MSI/MSI-X code of the tree DIR as the device\n"
	 "                        model (tools/real/build_qemu.py), with --linux-src or under\n"
	 "                        the modelled guest; --qemu is the tree's release (its VERSION\n"
	 "                        when not given);\n"
	 "                        with --differential (and no --linux-src) each write QEMU\n"
	 "                        traps also runs the model's rule and must do the same\n"},
	{"run", cmd_run, "replay a trail, or one seeded random schedule, and print its trace",
	 "pirqsim run --trail FILE | pirqsim run [SCENARIO] --seed S [options]",
	 "  --trail FILE          replay the counterexample written by `pirqsim check`\n"
	 "  --linux-src DIR       replay with the real guest code of DIR (a trail found with it)\n"
	 "  --real-object FILE    the same with an object built before\n"
	 "  --qemu-src DIR        replay with the real QEMU code of DIR (a trail found with it)\n"
	 "  --seed S              run one random schedule of SCENARIO (scenario options as for check)\n"
	 "Counterfactual: --trail FILE with --kernel, --qemu, --xen, --knob, --fault, --apicv,\n"
	 "--hvm-pirq, --extra-guest-irqs or --xen-irqs replays the trail's schedule on that configuration for\n"
	 "as long as it applies, shows the first step where the two runs differ side by side,\n"
	 "runs on to quiescence and checks the properties; the exit status is its verdict.\n"
	 "  --quiet               no trace, only the verdict\n"
	 "  --json                one JSON object: verdict, violations, trail (no trace)\n"},
	{"versions", cmd_versions, "the version table: releases, their knobs, their sources",
	 "pirqsim versions [--knobs] [--quiet | --json]",
	 "  --knobs               list the knobs and their values instead\n"
	 "  --quiet               one line per row: component and label (knobs: name and values)\n"
	 "  --json                one JSON object with every row (or every knob)\n"},
	{"scenarios", cmd_scenarios, "list the built-in scenarios", "pirqsim scenarios [--quiet | --json]",
	 "  --quiet               names only\n"
	 "  --json                one JSON object: name and summary of each\n"},
	{"matrix", cmd_matrix, matrix_summary, matrix_usage, matrix_help},
	{"advise", cmd_advise, advise_summary, advise_usage, advise_help},
	{"bisect", cmd_bisect, bisect_summary, bisect_usage, bisect_help},
	{"replay", cmd_replay, replay_summary, replay_usage, replay_help},
	{"minimize", cmd_minimize, minimize_summary, minimize_usage, minimize_help},
	{"report", cmd_report, report_summary, report_usage, report_help},
	{"explain", cmd_explain, explain_summary, explain_usage, explain_help},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static const struct command *command_named(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

#ifndef PIRQSIM_CLI_NO_MAIN
static void usage_all(FILE *out)
{
	fprintf(out, "usage: pirqsim COMMAND [options]   (pirqsim COMMAND --help for more)\n"
	             "       pirqsim -h | --help           this text\n"
	             "       pirqsim --version             the version and the model's rules hash\n\ncommands:\n");
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nexit status: 0 all properties hold, 1 a violation was found, 2 usage or input error,\n"
	             "3 inconclusive (a bound was reached, or Ctrl-C / SIGTERM stopped the search)\n");
}
#endif

static void help(const struct command *c)
{
	printf("usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
}

/* ---- option parsing shared by check and run --------------------------------- */

struct options {
	const char *command;
	const char *scenario;
	const char *kernel, *qemu, *xen;
	long nvme, io_queues, nic, single, vectors, emulated_nvme;
	bool msi, apicv, quiet, random, hash_compact, no_symmetry, no_por, no_renumber, no_dead_shadows, bfs;
	bool all_violations;
	long max_violations;
	bool xor_rle_store; /* hidden --store xor-rle: the old depth-first store, to compare */
	bool json; /* --json: one JSON object instead of the text (implies quiet) */
	long threads, steps_max;
	unsigned shard_index, shard_count;
	long hvm_pirq, extra_guest_irqs, xen_irqs;
	const char *knobs[32];
	unsigned knob_count;
	const char *faults[8];
	unsigned fault_count;
	uint64_t seed, walks, memory_max;
	bool seed_set;
	double time_max;
	long depth_max;
	const char *trail_out, *trail;
	const char *linux_src, *real_object; /* real guest code (src/real) */
	bool differential;
	const char *qemu_src;                /* real QEMU code (src/real/dm.c) */
};

/*
 * The options of check and run, each once: its getopt value OPT_<ID> and
 * its entry of the getopt_long table both come from this list.
 */
#define CHECK_RUN_OPTIONS(X)                                                  \
	X(KERNEL, "kernel", required_argument)                                \
	X(QEMU, "qemu", required_argument)                                    \
	X(XEN, "xen", required_argument)                                      \
	X(NVME, "nvme", required_argument)                                    \
	X(IO_QUEUES, "io-queues", required_argument)                          \
	X(NIC, "nic", required_argument)                                      \
	X(SINGLE, "single", required_argument)                                \
	X(EMULATED_NVME, "emulated-nvme", required_argument)                  \
	X(VECTORS, "vectors", required_argument)                              \
	X(MSI, "msi", no_argument)                                            \
	X(KNOB, "knob", required_argument)                                    \
	X(APICV, "apicv", no_argument)                                        \
	X(HVM_PIRQ, "hvm-pirq", required_argument)                            \
	X(EXTRA, "extra-guest-irqs", required_argument)                       \
	X(XEN_IRQS, "xen-irqs", required_argument)                            \
	X(RANDOM, "random", no_argument)                                      \
	X(SEED, "seed", required_argument)                                    \
	X(WALKS, "walks", required_argument)                                  \
	X(MEMORY, "memory-max", required_argument)                            \
	X(TIME, "time-max", required_argument)                                \
	X(DEPTH, "depth-max", required_argument)                              \
	X(TRAIL_OUT, "trail-out", required_argument)                          \
	X(TRAIL, "trail", required_argument)                                  \
	X(QUIET, "quiet", no_argument)                                        \
	X(HELP, "help", no_argument)                                          \
	X(HASH_COMPACT, "hash-compact", no_argument)                          \
	X(NO_SYMMETRY, "no-symmetry", no_argument)                            \
	X(NO_POR, "no-por", no_argument)                                      \
	X(NO_RENUMBER, "no-renumber", no_argument)                            \
	X(NO_DEAD_SHADOWS, "no-dead-shadows", no_argument)                    \
	X(BFS, "bfs", no_argument)                                            \
	X(THREADS, "threads", required_argument)                              \
	X(STEPS_MAX, "steps-max", required_argument)                          \
	X(SHARD, "shard", required_argument)                                  \
	X(JSON, "json", no_argument)                                          \
	X(FAULT, "fault", required_argument)                                  \
	X(ALL_VIOLATIONS, "all-violations", no_argument)                      \
	X(MAX_VIOLATIONS, "max-violations", required_argument)                \
	X(LINUX_SRC, "linux-src", required_argument)                          \
	X(REAL_OBJECT, "real-object", required_argument)                      \
	X(DIFFERENTIAL, "differential", no_argument)                          \
	X(QEMU_SRC, "qemu-src", required_argument)                            \
	/* Not in --help: the depth-first search's store, "tree" (default) or \
	 * "xor-rle" (what it was before tree compression); tests and         \
	 * benchmarks compare the two. */                                     \
	X(STORE, "store", required_argument)

#define OPTION_VALUE(id, name, argument) OPT_##id,
#define OPTION_ENTRY(id, name, argument) {name, argument, 0, OPT_##id},
enum { OPT_BEFORE_FIRST = 255, CHECK_RUN_OPTIONS(OPTION_VALUE) };
static const struct option long_options[] = {CHECK_RUN_OPTIONS(OPTION_ENTRY) {0, 0, 0, 0}};
#undef OPTION_VALUE
#undef OPTION_ENTRY

/* The bounds as text: PIRQSIM_LIMIT_* expanded first. */
#define NUMBER_TEXT(x) #x
#define NUMBER_BOUND(x) NUMBER_TEXT(x)
#define NUMBER(option, low, high, field)                                                          \
	if (!parse_long(optarg, low, high, &o->field))                                            \
		return usage_error(o->command, "--" option " takes a whole number from " NUMBER_BOUND(low) \
		                   " to " NUMBER_BOUND(high) ", got '%s'", optarg);                       \
	break

static int parse_one(struct options *o, int opt)
{
	long value;
	switch (opt) {
	case OPT_KERNEL: o->kernel = optarg; break;
	case OPT_QEMU: o->qemu = optarg; break;
	case OPT_XEN: o->xen = optarg; break;
	case OPT_NVME: NUMBER("nvme", 1, PIRQSIM_LIMIT_DEVICES, nvme);
	case OPT_IO_QUEUES: NUMBER("io-queues", 1, PIRQSIM_LIMIT_VECTORS, io_queues);
	case OPT_NIC: NUMBER("nic", 1, PIRQSIM_LIMIT_DEVICES, nic);
	case OPT_SINGLE: NUMBER("single", 1, PIRQSIM_LIMIT_DEVICES, single);
	case OPT_EMULATED_NVME: NUMBER("emulated-nvme", 1, PIRQSIM_LIMIT_DEVICES, emulated_nvme);
	case OPT_VECTORS: NUMBER("vectors", 1, PIRQSIM_LIMIT_VECTORS, vectors);
	case OPT_HVM_PIRQ: NUMBER("hvm-pirq", 0, 1, hvm_pirq);
	case OPT_EXTRA: NUMBER("extra-guest-irqs", 1, PIRQSIM_LIMIT_EXTRA_GUEST_IRQS, extra_guest_irqs);
	case OPT_XEN_IRQS: NUMBER("xen-irqs", 1, PIRQSIM_LIMIT_XEN_IRQS, xen_irqs);
	case OPT_DEPTH: NUMBER("depth-max", 1, PIRQSIM_LIMIT_TRAIL, depth_max);
	case OPT_THREADS: NUMBER("threads", 1, 64, threads);
	case OPT_STEPS_MAX: NUMBER("steps-max", 1, PIRQSIM_LIMIT_TRAIL, steps_max);
	case OPT_MAX_VIOLATIONS: NUMBER("max-violations", 1, 1024, max_violations);
	case OPT_ALL_VIOLATIONS: o->all_violations = true; break;
	case OPT_SHARD: return parse_shard(o->command, optarg, &o->shard_index, &o->shard_count);
	case OPT_MSI: o->msi = true; break;
	case OPT_APICV: o->apicv = true; break;
	case OPT_RANDOM: o->random = true; break;
	case OPT_QUIET: o->quiet = true; break;
	case OPT_HASH_COMPACT: o->hash_compact = true; break;
	case OPT_NO_SYMMETRY: o->no_symmetry = true; break;
	case OPT_NO_POR: o->no_por = true; break;
	case OPT_NO_RENUMBER: o->no_renumber = true; break;
	case OPT_NO_DEAD_SHADOWS: o->no_dead_shadows = true; break;
	case OPT_BFS: o->bfs = true; break;
	case OPT_STORE:
		if (strcmp(optarg, "tree") != 0 && strcmp(optarg, "xor-rle") != 0)
			return usage_error(o->command, "--store takes tree or xor-rle, got '%s'", optarg);
		o->xor_rle_store = strcmp(optarg, "xor-rle") == 0;
		break;
	case OPT_JSON: o->json = o->quiet = true; break;
	case OPT_KNOB:
		if (o->knob_count >= 32 || !strchr(optarg, '='))
			return usage_error(o->command, "--knob takes NAME=VALUE, got '%s'", optarg);
		o->knobs[o->knob_count++] = optarg;
		break;
	case OPT_FAULT:
		if (o->fault_count >= 8)
			return usage_error(o->command, "--fault is given more than 8 times (last '%s')", optarg);
		o->faults[o->fault_count++] = optarg;
		break;
	case OPT_SEED: {
		char *end;
		errno = 0;
		unsigned long long seed = strtoull(optarg, &end, 0);
		if (errno || end == optarg || *end || optarg[0] == '-')
			return usage_error(o->command, "--seed takes a whole number from 0 to 2^64-1, got '%s'", optarg);
		o->seed = seed;
		o->seed_set = true;
		break;
	}
	case OPT_WALKS:
		if (!parse_long(optarg, 1, 1000000000L, &value))
			return usage_error(o->command, "--walks takes a whole number from 1 to 1000000000, got '%s'", optarg);
		o->walks = (uint64_t)value;
		break;
	case OPT_MEMORY:
		if (!parse_size(optarg, &o->memory_max))
			return usage_error(o->command, "--memory-max takes a size such as 512M or 4G, got '%s'", optarg);
		break;
	case OPT_TIME: {
		char *end;
		o->time_max = strtod(optarg, &end);
		if (*end || end == optarg || !(o->time_max > 0))
			return usage_error(o->command, "--time-max takes a positive number of seconds, got '%s'", optarg);
		break;
	}
	case OPT_TRAIL_OUT: o->trail_out = optarg; break;
	case OPT_LINUX_SRC: o->linux_src = optarg; break;
	case OPT_REAL_OBJECT: o->real_object = optarg; break;
	case OPT_DIFFERENTIAL: o->differential = true; break;
	case OPT_QEMU_SRC: o->qemu_src = optarg; break;
	case OPT_TRAIL: o->trail = optarg; break;
	default:
		return PIRQSIM_INPUT_ERROR;
	}
	return 0;
}

#define OPTION_COUNT (sizeof(long_options) / sizeof(long_options[0]) - 1)
#define GIVEN(id) (given[OPT_##id - OPT_BEFORE_FIRST - 1] != NULL)

/* The same option twice must say the same thing (--knob and --fault add up). */
static int repeated(const char *command, int opt, const char **given)
{
	const char **first = &given[opt - OPT_BEFORE_FIRST - 1];
	if (opt == OPT_KNOB || opt == OPT_FAULT || !*first || long_options[opt - OPT_BEFORE_FIRST - 1].has_arg == no_argument) {
		*first = optarg ? optarg : "";
		return 0;
	}
	if (strcmp(*first, optarg) == 0)
		return 0;
	char why[300];
	snprintf(why, sizeof(why), "--%s is given twice with different values ('%.100s', then '%.100s'); give it once",
	         long_options[opt - OPT_BEFORE_FIRST - 1].name, *first, optarg);
	return usage_error(command, "%s", why);
}

/* An option the chosen search or command would ignore, or two that ask
 * for different things, is an error rather than a silent no-op: each
 * explorer honours only its own options (src/check/check.c, explorer_for:
 * random walks store no states and have no depth or time bound of their
 * own; the breadth-first searches have no partial-order reduction, pirq
 * renumbering or dead-shadow forgetting). */
static int contradictions(const struct options *o, const char **given)
{
	static const struct {
		int id;
		const char *name, *why;
	} dfs_only[] = {
		{OPT_NO_POR, "no-por", "partial-order reduction is a depth-first reduction"},
		{OPT_NO_RENUMBER, "no-renumber", "pirq renumbering is a depth-first reduction"},
		{OPT_NO_DEAD_SHADOWS, "no-dead-shadows", "forgetting dead shadows is a depth-first reduction"},
		{OPT_STORE, "store", "it chooses the depth-first store"},
	}, exhaustive_only[] = {
		{OPT_THREADS, "threads", "random walks run on one thread (spread them with --shard)"},
		{OPT_MEMORY, "memory-max", "random walks store no states"},
		{OPT_HASH_COMPACT, "hash-compact", "random walks store no states"},
		{OPT_NO_SYMMETRY, "no-symmetry", "random walks store no states to merge"},
		{OPT_DEPTH, "depth-max", "a walk's length is bounded by --steps-max"},
		{OPT_TIME, "time-max", "random walks are bounded by --walks and --steps-max"},
		{OPT_ALL_VIOLATIONS, "all-violations", "random walks do not explore every state, so they cannot list "
		 "every distinct violation (use the depth-first or --bfs search)"},
	}, random_only[] = {
		{OPT_WALKS, "walks", "it counts random walks"},
		{OPT_STEPS_MAX, "steps-max", "it bounds a random walk"},
		{OPT_SHARD, "shard", "it splits random walks"},
	};
	const char *c = o->command;
	char why[300];
	if (o->json && GIVEN(QUIET))
		return usage_error(c, "%s", "--quiet and --json: --json already prints only its JSON object; give one");
	if (strcmp(c, "run") == 0) {
		static const int search[] = {OPT_BFS, OPT_RANDOM, OPT_THREADS, OPT_WALKS, OPT_STEPS_MAX, OPT_SHARD,
		                             OPT_MEMORY, OPT_HASH_COMPACT, OPT_NO_SYMMETRY, OPT_NO_POR, OPT_NO_RENUMBER,
		                             OPT_NO_DEAD_SHADOWS, OPT_TIME, OPT_DEPTH, OPT_TRAIL_OUT, OPT_STORE,
		                             OPT_ALL_VIOLATIONS, OPT_MAX_VIOLATIONS};
		for (size_t i = 0; i < sizeof(search) / sizeof(search[0]); i++)
			if (given[search[i] - OPT_BEFORE_FIRST - 1]) {
				snprintf(why, sizeof(why), "--%s is an option of the search (pirqsim check); run replays one "
				         "schedule", long_options[search[i] - OPT_BEFORE_FIRST - 1].name);
				return usage_error(c, "%s", why);
			}
	} else {
		if (o->trail)
			return usage_error(c, "%s", "--trail is for pirqsim run (replay a trail); check explores a scenario");
		if (o->bfs && o->random)
			return usage_error(c, "%s", "--bfs and --random ask for different searches; give one");
		if (o->seed_set && !o->random)
			return usage_error(c, "%s", "--seed seeds the random walks; add --random, or drop --seed");
		if (GIVEN(MAX_VIOLATIONS) && !o->all_violations)
			return usage_error(c, "%s", "--max-violations bounds the list of --all-violations; add "
			                   "--all-violations, or drop --max-violations");
		for (size_t i = 0; i < sizeof(random_only) / sizeof(random_only[0]); i++)
			if (!o->random && given[random_only[i].id - OPT_BEFORE_FIRST - 1]) {
				snprintf(why, sizeof(why), "--%s needs --random: %s", random_only[i].name, random_only[i].why);
				return usage_error(c, "%s", why);
			}
		for (size_t i = 0; i < sizeof(exhaustive_only) / sizeof(exhaustive_only[0]); i++)
			if (o->random && given[exhaustive_only[i].id - OPT_BEFORE_FIRST - 1]) {
				snprintf(why, sizeof(why), "--%s has no meaning with --random: %s", exhaustive_only[i].name,
				         exhaustive_only[i].why);
				return usage_error(c, "%s", why);
			}
		for (size_t i = 0; i < sizeof(dfs_only) / sizeof(dfs_only[0]); i++)
			if ((o->bfs || o->random) && given[dfs_only[i].id - OPT_BEFORE_FIRST - 1]) {
				snprintf(why, sizeof(why), "--%s is for the depth-first search, not --%s: %s", dfs_only[i].name,
				         o->bfs ? "bfs" : "random", dfs_only[i].why);
				return usage_error(c, "%s", why);
			}
	}
	if (o->differential && !o->linux_src && !o->real_object && !o->qemu_src)
		return usage_error(c, "%s", "--differential compares real guest code with the model; give --linux-src DIR "
		                   "(or --real-object FILE)");
	if (o->differential && o->qemu_src && (o->linux_src || o->real_object))
		return usage_error(c, "%s", "--differential compares one real component with the model at a time: the real "
		                   "guest (--linux-src) through the modelled QEMU, or the real QEMU (--qemu-src) under the "
		                   "modelled guest");
	if ((o->linux_src || o->real_object || o->qemu_src) && strcmp(c, "check") == 0) {
		static const int not_real[] = {OPT_BFS, OPT_THREADS, OPT_ALL_VIOLATIONS, OPT_NO_SYMMETRY, OPT_NO_POR,
		                               OPT_NO_RENUMBER, OPT_NO_DEAD_SHADOWS, OPT_HASH_COMPACT, OPT_STORE,
		                               OPT_MEMORY};
		for (size_t i = 0; i < sizeof(not_real) / sizeof(not_real[0]); i++)
			if (given[not_real[i] - OPT_BEFORE_FIRST - 1]) {
				snprintf(why, sizeof(why), "--%s is an option of the model's searches; real guest code is "
				         "explored depth-first on one thread, states matched by their bytes (or --random)",
				         long_options[not_real[i] - OPT_BEFORE_FIRST - 1].name);
				return usage_error(c, "%s", why);
			}
	}
	if (o->differential && o->random)
		return usage_error(c, "%s", "--differential runs with the exhaustive search of real code, not --random");
	if (GIVEN(IO_QUEUES) && !o->nvme && !o->emulated_nvme && (o->nic || o->single || o->scenario))
		return usage_error(c, "%s", "--io-queues sets the I/O queues of --nvme controllers; give --nvme N too "
		                   "(--nic and --single take --vectors)");
	if (GIVEN(VECTORS) && !o->nic && !o->single)
		return usage_error(c, "%s", "--vectors sets the vectors of --nic and --single devices; give one of them "
		                   "(--nvme takes --io-queues)");
	if (GIVEN(MSI) && !o->nvme && !o->nic && !o->single && !o->emulated_nvme && o->scenario)
		return usage_error(c, "%s", "--msi applies to the devices of --nvme, --nic or --single; the scenario's "
		                   "devices keep their type");
	return 0;
}

/* Returns 0, -1 for --help (printed), or an exit status. */
static int parse_options(struct options *o, const char *command, int argc, char **argv)
{
	const char *given[OPTION_COUNT] = {0}; /* each option's first value */
	memset(o, 0, sizeof(*o));
	o->command = command;
	o->io_queues = 2;
	o->hvm_pirq = -1;
	o->seed = 1;
	opterr = 0;
	optind = 1;
	for (;;) {
		int opt = getopt_long(argc, argv, "", long_options, NULL);
		if (opt == -1)
			break;
		if (opt == OPT_HELP) {
			help(command_named(command));
			return -1;
		}
		if (opt == '?')
			return usage_error(command, "unknown or incomplete option '%s'", argv[optind - 1]);
		int rc = parse_one(o, opt);
		if (!rc)
			rc = repeated(command, opt, given);
		if (rc)
			return rc;
	}
	if (optind < argc)
		o->scenario = argv[optind++];
	if (optind < argc)
		return usage_error(command, "unexpected argument '%s'", argv[optind]);
	return contradictions(o, given);
}

static int out_of_memory(const char *command)
{
	fprintf(stderr, "pirqsim %s: out of memory\n", command);
	return PIRQSIM_INPUT_ERROR;
}

static int report_error(const char *command, pirqsim_error *error)
{
	fprintf(stderr, "pirqsim %s: %s\n", command, pirqsim_error_text(error));
	return PIRQSIM_INPUT_ERROR;
}

static bool looks_like_file(const char *name)
{
	return strchr(name, '/') || strchr(name, '.') || access(name, F_OK) == 0;
}

static int apply_devices(const struct options *o, pirqsim_spec *spec, pirqsim_error *error)
{
	if (!o->nvme && !o->nic && !o->single && !o->emulated_nvme)
		return 0;
	pirqsim_spec_clear_devices(spec);
	const char *type = o->msi ? "msi" : "msix";
	if (o->nvme && pirqsim_spec_add_devices(spec, "nvme", (unsigned)o->nvme, (unsigned)o->io_queues, type, error))
		return -1;
	if (o->nic && pirqsim_spec_add_devices(spec, "nic", (unsigned)o->nic, o->vectors ? (unsigned)o->vectors : 2, type, error))
		return -1;
	if (o->single &&
	    pirqsim_spec_add_devices(spec, "single", (unsigned)o->single, o->vectors ? (unsigned)o->vectors : 1, type, error))
		return -1;
	if (o->emulated_nvme &&
	    pirqsim_spec_add_emulated_devices(spec, "nvme", (unsigned)o->emulated_nvme, (unsigned)o->io_queues, type, error))
		return -1;
	return 0;
}

static int build_spec(const struct options *o, pirqsim_spec *spec, pirqsim_error *error)
{
	if (o->scenario) {
		int rc = looks_like_file(o->scenario) ? pirqsim_spec_load(spec, o->scenario, error)
		                                       : pirqsim_spec_builtin(spec, o->scenario, error);
		if (rc)
			return -1;
	}
	if ((o->kernel && pirqsim_spec_set_version(spec, "kernel", o->kernel, error)) ||
	    (o->qemu && pirqsim_spec_set_version(spec, "qemu", o->qemu, error)) ||
	    (o->xen && pirqsim_spec_set_version(spec, "xen", o->xen, error)))
		return -1;
	/* --xen without --qemu: the device model that Xen release bundles (as
	 * matrix, advise and bisect), not the scenario's */
	if (o->xen && !o->qemu && pirqsim_spec_set_version(spec, "qemu", NULL, error))
		return -1;
	for (unsigned i = 0; i < o->knob_count; i++) {
		char name[64];
		const char *eq = strchr(o->knobs[i], '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq - o->knobs[i]), o->knobs[i]);
		if (pirqsim_spec_set_knob(spec, name, eq + 1, error))
			return -1;
	}
	for (unsigned i = 0; i < o->fault_count; i++)
		if (pirqsim_spec_add_fault(spec, o->faults[i], error))
			return -1;
	if ((o->apicv && pirqsim_spec_set_host(spec, "apicv", 1, error)) ||
	    (o->hvm_pirq >= 0 && pirqsim_spec_set_host(spec, "hvm-pirq", o->hvm_pirq, error)) ||
	    (o->extra_guest_irqs && pirqsim_spec_set_host(spec, "extra-guest-irqs", o->extra_guest_irqs, error)) ||
	    (o->xen_irqs && pirqsim_spec_set_host(spec, "xen-irqs", o->xen_irqs, error)))
		return -1;
	if (apply_devices(o, spec, error))
		return -1;
	if (!o->scenario && pirqsim_spec_device_count(spec) == 0)
		return pirqsim_spec_add_devices(spec, "nvme", 2, (unsigned)o->io_queues, o->msi ? "msi" : "msix", error);
	return 0;
}

/* ---- printing ------------------------------------------------------------- */

static const char *result_text(int result, char *buffer, size_t size)
{
	if (result == PIRQSIM_NO_RESULT)
		return "";
	const char *name = pirqsim_errno_name(result);
	if (result < 0 && name)
		snprintf(buffer, size, " = %s", name);
	else
		snprintf(buffer, size, " = %d", result);
	return buffer;
}

static void print_event(const struct pirqsim_event *e, void *data)
{
	unsigned *last_step = data;
	char step[16] = "", result[32];
	if (e->step != *last_step) {
		if (e->step == 0 || e->step > 100000)
			snprintf(step, sizeof(step), "end");
		else
			snprintf(step, sizeof(step), "%u", e->step);
		*last_step = e->step;
	}
	if (e->is_log) {
		static const char *const level[] = {"debug", "info", "warn", "err"};
		printf("%5s %-7s %-7s   %s: \"%s\"%s%s%s\n", step, e->actor_name, pirqsim_component_name(e->component),
		       level[e->level], e->text, e->printed ? "  (" : "", e->printed ? pirqsim_printed_name(e->printed) : "",
		       e->printed ? ")" : "");
		return;
	}
	printf("%5s %-7s %-7s %s(%s)%s\n", step, e->actor_name, pirqsim_component_name(e->component), e->operation,
	       e->arguments, result_text(e->result, result, sizeof(result)));
}

/* Online processors, for --threads' default (at most its 64). */
static unsigned cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static void print_statistics(const pirqsim_model *model, const pirqsim_result *r, bool random)
{
	const struct pirqsim_progress *s = pirqsim_result_statistics(r);
	double rate = s->seconds > 0 ? (double)s->states_stored / s->seconds : 0;
	if (random) {
		printf("random walks: %" PRIu64 " completed, %" PRIu64 " steps, longest %u, %.3f s\n", s->states_stored,
		       s->transitions, s->depth_max, s->seconds);
		return;
	}
	printf("statistics:\n"
	       "  %12" PRIu64 " states, stored\n"
	       "  %12" PRIu64 " states, matched\n"
	       "  %12" PRIu64 " transitions (= stored + matched)\n"
	       "  %12u depth reached\n"
	       "  %12u bytes per state vector; %.1f bytes per stored state with the hash table\n"
	       "  %12.3f seconds, %.0f states/second\n",
	       s->states_stored, s->states_matched, s->transitions, s->depth_max, pirqsim_model_state_bytes(model),
	       s->states_stored ? (double)s->memory_bytes / (double)s->states_stored : 0.0, s->seconds, rate);
	if (s->threads > 1)
		printf("  %12u threads\n", s->threads);
	if (pirqsim_result_snapshot_bytes(r) > 0)
		printf("  real guest code: %.4g complete schedules covered (%.3g schedules/second); a state is\n"
		       "  %12" PRIu64 " bytes of the real code's memory (globals, heap, stacks) plus the world\n",
		       pirqsim_result_schedules(r), s->seconds > 0 ? pirqsim_result_schedules(r) / s->seconds : 0.0,
		       pirqsim_result_snapshot_bytes(r));
	if (s->states_reduced > 0)
		printf("  partial-order reduction: %" PRIu64 " states expanded by one driver's step only\n",
		       s->states_reduced);
	if (s->omission_probability > 0)
		printf("  hash compaction: probability that a state was missed <= %.3g\n", s->omission_probability);
}

/* ---- check ------------------------------------------------------------------- */

/* On a terminal a live line, rewritten each second; otherwise a full line
 * every 10 seconds, like SPIN's. */
static void progress_line(const struct pirqsim_progress *p, void *data)
{
	double *next = data;
	bool tty = isatty(STDERR_FILENO);
	if (!tty && p->seconds < *next)
		return;
	*next = p->seconds + 10;
	char open[64] = "";
	if (p->open_branches > 0)
		snprintf(open, sizeof(open), ", %" PRIu64 " branches open", p->open_branches);
	fprintf(stderr, "%spirqsim: %" PRIu64 " states stored, %" PRIu64 " matched, depth %u, %.0f MiB, %.0f s, %.0f states/s%s%s",
	        tty ? "\r" : "", p->states_stored, p->states_matched, p->depth_max, (double)p->memory_bytes / 1048576.0,
	        p->seconds, p->seconds > 0 ? (double)p->states_stored / p->seconds : 0.0, open, tty ? "\033[K" : "\n");
}

static pirqsim_model *open_model(const struct options *o, pirqsim_spec *spec, int *status)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_model *model = NULL;
	*status = 0;
	if (!error) {
		*status = out_of_memory(o->command);
		return NULL;
	}
	if (build_spec(o, spec, error) != 0 || !(model = pirqsim_model_new(spec, error)))
		*status = report_error(o->command, error);
	else if ((o->linux_src || o->real_object) &&
	         (*status = cli_use_real_guest(o->command, o->linux_src, o->real_object, model)) != 0) {
		pirqsim_model_free(model);
		model = NULL;
	} else if (o->qemu_src && (*status = cli_use_real_qemu(o->command, o->qemu_src, o->differential && !o->linux_src && !o->real_object, model)) != 0) {
		pirqsim_model_free(model);
		model = NULL;
	}
	pirqsim_error_free(error);
	return model;
}

/* Where check writes its trail: --trail-out, SCENARIO.trail for a
 * scenario named without a directory, or pirqsim.trail. */
static void trail_path(const struct options *o, char *path, size_t size)
{
	snprintf(path, size, "%s", o->trail_out ? o->trail_out : "pirqsim.trail");
	if (!o->trail_out && o->scenario && !strchr(o->scenario, '/'))
		snprintf(path, size, "%s.trail", o->scenario);
}

/* ---- check --all-violations ------------------------------------------------- */

/*
 * The trail of the k-th distinct violation (1-based): the first at the
 * trail path, the k-th at its name with "-k" before ".trail" (or after it,
 * without that suffix).  A character device such as /dev/null takes them
 * all: no file is made beside it.
 */
static void numbered_trail_path(const char *base, unsigned k, char *out, size_t size)
{
	struct stat st;
	size_t length = strlen(base);
	bool suffix = length > 6 && strcmp(base + length - 6, ".trail") == 0;
	if (k == 1 || (lstat(base, &st) == 0 && S_ISCHR(st.st_mode)))
		snprintf(out, size, "%s", base);
	else if (suffix)
		snprintf(out, size, "%.*s-%u.trail", (int)(length - 6), base, k);
	else
		snprintf(out, size, "%s-%u", base, k);
}

/* Write every distinct violation's trail; 0, or exit 2 having said which. */
static int write_distinct_trails(const struct options *o, const pirqsim_result *r)
{
	char base[4096], path[4200];
	trail_path(o, base, sizeof(base));
	for (unsigned i = 0; i < pirqsim_result_distinct_count(r); i++) {
		numbered_trail_path(base, i + 1, path, sizeof(path));
		const pirqsim_result *k = pirqsim_result_distinct_replay(r, i);
		if (!k || write_result_trail(k, path) != 0) {
			fprintf(stderr, "pirqsim check: cannot write the trail to %s: %s\n", path,
			        k ? strerror(errno) : "out of memory");
			return PIRQSIM_INPUT_ERROR;
		}
	}
	return 0;
}

/* Every distinct violation, each with its trail; never cut short. */
static void print_distinct(const struct options *o, const pirqsim_result *r)
{
	unsigned n = pirqsim_result_distinct_count(r);
	enum pirqsim_verdict v = pirqsim_result_verdict(r);
	char base[4096], path[4200];
	trail_path(o, base, sizeof(base));
	if (v == PIRQSIM_VIOLATED)
		printf("%sviolations: %u distinct (by property and mechanism), every interleaving explored%s\n",
		       cli_paint(stdout, PAINT_RED), n, cli_paint(stdout, PAINT_RESET));
	else
		printf("%u distinct violation%s found before the search stopped; there may be more\n", n, n == 1 ? "" : "s");
	for (unsigned i = 0; i < n; i++) {
		const pirqsim_result *k = pirqsim_result_distinct_replay(r, i);
		numbered_trail_path(base, i + 1, path, sizeof(path));
		printf("%s%3u. %s [%s]: %s (after step %u)%s\n", cli_paint(stdout, PAINT_RED), i + 1,
		       pirqsim_result_distinct_property(r, i), pirqsim_result_distinct_mechanism(r, i),
		       pirqsim_result_distinct_text(r, i), pirqsim_result_distinct_step(r, i),
		       cli_paint(stdout, PAINT_RESET));
		printf("      trail: %s (%u steps)\n", path, k ? pirqsim_result_trail_length(k) : 0);
	}
	if (n > 0)
		printf("replay one with: pirqsim run --trail FILE\n");
}

/* The list as the "all_violations" member of check --json. */
static char *distinct_json(const struct options *o, const pirqsim_result *r)
{
	char *text = NULL, base[4096], path[4200];
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	if (!out)
		return NULL;
	trail_path(o, base, sizeof(base));
	unsigned n = pirqsim_result_distinct_count(r);
	fprintf(out, ",\"all_violations\":{\"count\":%u,\"complete\":%s,\"violations\":[", n,
	        pirqsim_result_verdict(r) == PIRQSIM_VIOLATED || pirqsim_result_verdict(r) == PIRQSIM_HOLDS ? "true"
	                                                                                                  : "false");
	for (unsigned i = 0; i < n; i++) {
		const pirqsim_result *k = pirqsim_result_distinct_replay(r, i);
		numbered_trail_path(base, i + 1, path, sizeof(path));
		fprintf(out, "%s{\"property\":", i ? "," : "");
		cli_json_string(out, pirqsim_result_distinct_property(r, i));
		fputs(",\"mechanism\":", out);
		cli_json_string(out, pirqsim_result_distinct_mechanism(r, i));
		fprintf(out, ",\"step\":%u,\"text\":", pirqsim_result_distinct_step(r, i));
		cli_json_string(out, pirqsim_result_distinct_text(r, i));
		fputs(",\"trail\":", out);
		cli_json_string(out, path);
		fprintf(out, ",\"trail_steps\":%u}", k ? pirqsim_result_trail_length(k) : 0);
	}
	fputs("]}", out);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int finish_all_json(const struct options *o, const pirqsim_result *r)
{
	int rc = write_distinct_trails(o, r);
	if (rc) {
		print_error_json(stdout, "check", "cannot write the trails; give a writable path with --trail-out FILE");
		return rc;
	}
	char *extra = distinct_json(o, r);
	if (!extra) {
		print_error_json(stdout, "check", "out of memory");
		return PIRQSIM_INPUT_ERROR;
	}
	char base[4096];
	trail_path(o, base, sizeof(base));
	print_result_json(stdout, "check", r, pirqsim_result_distinct_count(r) ? base : NULL, extra);
	free(extra);
	return cli_exit_status(r);
}

/* The verdict line of a check that found no violation (holds, inconclusive,
 * model error); false, printing nothing, when a violation was found. */
static bool print_verdict_head(const pirqsim_result *r, const char *holds_how)
{
	switch (pirqsim_result_verdict(r)) {
	case PIRQSIM_HOLDS:
		printf("%sverdict: all properties hold (%s)%s\n", cli_paint(stdout, PAINT_GREEN), holds_how,
		       cli_paint(stdout, PAINT_RESET));
		return true;
	case PIRQSIM_INCONCLUSIVE:
		if (cli_interrupted)
			printf("verdict: inconclusive (interrupted by %s; the statistics so far follow)\n", cli_interrupt_name());
		else
			printf("verdict: inconclusive: %s\n", pirqsim_result_limit(r));
		return true;
	case PIRQSIM_INPUT_ERROR:
		printf("verdict: model error: %s\n", pirqsim_result_limit(r));
		return true;
	case PIRQSIM_VIOLATED:
	case PIRQSIM_DEGRADED:
		break;
	}
	return false;
}

/* check --all-violations: the verdict, every distinct violation with its
 * trail, the statistics. */
static int finish_all(const struct options *o, const pirqsim_model *model, const pirqsim_result *r)
{
	enum pirqsim_verdict v = pirqsim_result_verdict(r);
	if (o->json)
		return finish_all_json(o, r);
	print_verdict_head(r, "every interleaving explored");
	if (v != PIRQSIM_INPUT_ERROR && pirqsim_result_distinct_count(r) > 0) {
		int rc = write_distinct_trails(o, r);
		if (rc)
			return rc;
		print_distinct(o, r);
	}
	if (!o->quiet)
		print_statistics(model, r, false);
	return cli_exit_status(r);
}

/* --json: the trail is written as without it; one JSON object on stdout. */
static int finish_check_json(const struct options *o, const pirqsim_result *r)
{
	enum pirqsim_verdict v = pirqsim_result_verdict(r);
	char path[4096];
	trail_path(o, path, sizeof(path));
	if (v == PIRQSIM_VIOLATED && write_result_trail(r, path) != 0) {
		fprintf(stderr, "pirqsim check: cannot write the trail to %s: %s\n", path, strerror(errno));
		print_error_json(stdout, "check", "cannot write the trail; give a writable path with --trail-out FILE");
		return PIRQSIM_INPUT_ERROR;
	}
	print_result_json(stdout, "check", r, v == PIRQSIM_VIOLATED ? path : NULL, NULL);
	return cli_exit_status(r);
}

static int finish_check(const struct options *o, const pirqsim_model *model, const pirqsim_result *r)
{
	enum pirqsim_verdict v = pirqsim_result_verdict(r);
	if (o->all_violations)
		return finish_all(o, model, r);
	if (o->json)
		return finish_check_json(o, r);
	if (!print_verdict_head(r, o->random ? "on every random walk" : "every interleaving explored"))
		print_violations(stdout, r);
	if (o->random && v != PIRQSIM_HOLDS && v != PIRQSIM_INPUT_ERROR && !cli_interrupted) {
		uint64_t walk, seed = pirqsim_result_walk_seed(r, &walk);
		printf("walk %" PRIu64 " (its own seed %" PRIu64 "); replay that walk with: pirqsim run %s --seed %" PRIu64
		       " plus the same scenario options\n", walk, seed, o->scenario ? o->scenario : "", seed);
	}
	if (v == PIRQSIM_VIOLATED || pirqsim_result_divergence(r)) {
		char path[4096];
		trail_path(o, path, sizeof(path));
		if (write_result_trail(r, path) != 0) {
			fprintf(stderr, "pirqsim check: cannot write the trail to %s: %s\n", path, strerror(errno));
			return PIRQSIM_INPUT_ERROR;
		}
		char real[4200] = "";
		if (o->linux_src)
			snprintf(real, sizeof(real), " --linux-src %s", o->linux_src);
		else if (o->real_object)
			snprintf(real, sizeof(real), " --real-object %s", o->real_object);
		printf("trail: %s (%u steps); replay it with: pirqsim run --trail %s%s\n", path,
		       pirqsim_result_trail_length(r), path, real);
	}
	if (!o->quiet)
		print_statistics(model, r, o->random);
	return cli_exit_status(r);
}

static int cmd_check(int argc, char **argv) { return cli_check(argc, argv, pirqsim_check, true); }

int cli_check(int argc, char **argv, cli_check_fn check, bool primary)
{
	struct options o;
	int rc = parse_options(&o, "check", argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	/* --linux-src without --kernel: the tree's own release chooses the
	 * model's row (the guest's knobs, and the model --differential runs). */
	char tree_release[64];
	if (o.linux_src && !o.kernel && !o.scenario && cli_tree_release(o.linux_src, tree_release, sizeof(tree_release)))
		o.kernel = tree_release;
	/* --qemu-src without --qemu: the QEMU tree's VERSION, likewise. */
	char qemu_release[64];
	if (o.qemu_src && !o.qemu && !o.scenario && cli_qemu_tree_release(o.qemu_src, qemu_release, sizeof(qemu_release)))
		o.qemu = qemu_release;
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_model *model = spec ? open_model(&o, spec, &rc) : NULL;
	if (!model) {
		pirqsim_spec_free(spec);
		return rc ? rc : out_of_memory("check");
	}
	if (!primary)
		o.quiet = true;
	if (!o.quiet) {
		char text[2048];
		pirqsim_model_describe(model, text, sizeof(text));
		printf("%s\n", text);
		if (o.random)
			printf("seed: %" PRIu64 "\n", o.seed);
	}
	struct pirqsim_check_options co;
	pirqsim_check_options_init(&co);
	co.search = o.random ? PIRQSIM_SEARCH_RANDOM : o.bfs ? PIRQSIM_SEARCH_BFS : PIRQSIM_SEARCH_DFS;
	co.seed = o.seed;
	if (o.walks)
		co.walks = o.walks;
	if (o.memory_max)
		co.memory_max = o.memory_max;
	co.time_max = o.time_max;
	co.hash_compact = o.hash_compact;
	co.xor_rle_store = o.xor_rle_store;
	co.no_symmetry = o.no_symmetry;
	co.no_por = o.no_por;
	co.no_renumber = o.no_renumber;
	co.no_dead_shadows = o.no_dead_shadows;
	co.threads = o.threads ? (unsigned)o.threads : o.bfs ? 1 : cores();
	co.steps_max = (unsigned)o.steps_max;
	co.shard_index = o.shard_index;
	co.shard_count = o.shard_count;
	co.depth_max = (unsigned)o.depth_max;
	co.all_violations = o.all_violations;
	co.violations_max = (unsigned)o.max_violations;
	co.differential = o.differential && (o.linux_src || o.real_object); /* --qemu-src: the device model's own (cli_use_real_qemu) */
	double next_progress = 10;
	co.progress = o.quiet ? NULL : progress_line;
	co.progress_data = &next_progress;
	cli_catch_interrupts(); /* Ctrl-C: the statistics so far, inconclusive, exit 3 */
	co.stop = &cli_interrupted;
	pirqsim_result *r = check(model, &co);
	if (r && co.progress && isatty(STDERR_FILENO) && pirqsim_result_statistics(r)->seconds >= 1)
		fputc('\n', stderr);
	if (r && !primary)
		rc = (int)pirqsim_result_verdict(r);
	else
		rc = r ? finish_check(&o, model, r) : out_of_memory("check");
	pirqsim_result_free(r);
	pirqsim_model_free(model);
	pirqsim_spec_free(spec);
	return rc;
}

/* ---- run ------------------------------------------------------------------ */

static int replay_and_print(const struct options *o, const pirqsim_model *model, const pirqsim_spec *trail)
{
	pirqsim_error *error = pirqsim_error_new();
	if (!error)
		return out_of_memory(o->command);
	unsigned last_step = ~0u;
	if (!o->quiet)
		printf(" step actor   comp.   operation(arguments) = result   /   level: \"log line of the real program\" (unless it says so: printed by a stock build)\n");
	pirqsim_result *r = pirqsim_replay(model, trail, o->quiet ? NULL : print_event, &last_step, error);
	int rc;
	if (!r) {
		rc = report_error(o->command, error);
	} else {
		rc = (int)pirqsim_result_verdict(r);
		if (o->json)
			print_result_json(stdout, o->command, r, o->trail, NULL);
		else if (rc == PIRQSIM_HOLDS)
			printf("%sverdict: all properties hold on this schedule%s\n", cli_paint(stdout, PAINT_GREEN),
			       cli_paint(stdout, PAINT_RESET));
		else if (rc == PIRQSIM_INPUT_ERROR)
			printf("verdict: model error: %s\n", pirqsim_result_limit(r));
		else
			print_violations(stdout, r);
		rc = cli_exit_status(r);
	}
	pirqsim_result_free(r);
	pirqsim_error_free(error);
	return rc;
}

static int run_seed(const struct options *o, pirqsim_model *model, pirqsim_spec *spec)
{
	if (!o->json)
		printf("seed: %" PRIu64 "\n", o->seed);
	struct pirqsim_check_options co;
	pirqsim_check_options_init(&co);
	co.search = PIRQSIM_SEARCH_RANDOM;
	co.seed = o->seed;
	co.walks = 1;
	pirqsim_result *r = pirqsim_check(model, &co);
	if (!r)
		return out_of_memory(o->command);
	size_t need = pirqsim_result_trail_yaml(r, NULL, 0) + 1;
	char *text = malloc(need);
	int rc = PIRQSIM_INPUT_ERROR;
	pirqsim_error *error = pirqsim_error_new();
	if (text && error) {
		pirqsim_result_trail_yaml(r, text, need);
		pirqsim_spec *trail = pirqsim_spec_new();
		if (trail && pirqsim_spec_load_string(trail, text, need - 1, "trail", error) == 0)
			rc = replay_and_print(o, model, trail);
		else
			rc = trail ? report_error(o->command, error) : out_of_memory(o->command);
		pirqsim_spec_free(trail);
	} else {
		rc = out_of_memory(o->command);
	}
	(void)spec;
	free(text);
	pirqsim_error_free(error);
	pirqsim_result_free(r);
	return rc;
}

/* ---- run --trail T with another configuration: a counterfactual ------------ */

/* The lines of one run's events, by step, for the side-by-side view. */
struct run_lines {
	struct run_line {
		unsigned step;
		char *text;
	} *lines;
	unsigned count, capacity;
	bool failed;
};

static void collect_line(const struct pirqsim_event *e, void *data)
{
	struct run_lines *l = data;
	if (l->failed)
		return;
	if (l->count == l->capacity) {
		unsigned want = l->capacity ? 2 * l->capacity : 256;
		struct run_line *grown = realloc(l->lines, want * sizeof(*grown));
		if (!grown) {
			l->failed = true;
			return;
		}
		l->lines = grown;
		l->capacity = want;
	}
	char text[1024], result[32];
	static const char *const level[] = {"debug", "info", "warn", "err"};
	if (e->is_log)
		snprintf(text, sizeof(text), "%s %s %s: \"%s\"", e->actor_name, pirqsim_component_name(e->component),
		         level[e->level], e->text);
	else
		snprintf(text, sizeof(text), "%s %s %s(%s)%s", e->actor_name, pirqsim_component_name(e->component),
		         e->operation, e->arguments, result_text(e->result, result, sizeof(result)));
	if (!(l->lines[l->count].text = strdup(text))) {
		l->failed = true;
		return;
	}
	l->lines[l->count++].step = e->step;
}

static void run_lines_free(struct run_lines *l)
{
	for (unsigned i = 0; i < l->count; i++)
		free(l->lines[i].text);
	free(l->lines);
}

/* The lines of `step`: how many, from *first. */
static unsigned lines_of_step(const struct run_lines *l, unsigned step, unsigned *first)
{
	unsigned i = 0, n = 0;
	while (i < l->count && l->lines[i].step != step)
		i++;
	*first = i;
	while (i + n < l->count && l->lines[i + n].step == step)
		n++;
	return n;
}

#define SIDE_WIDTH 60

/* One cell of the side-by-side view: the part of `text` from *at, at most
 * SIDE_WIDTH columns, continuation parts indented by two. */
static void side_cell(const char *text, size_t *at, char *out)
{
	size_t length = strlen(text), room = *at ? SIDE_WIDTH - 2 : SIDE_WIDTH;
	size_t n = length - *at < room ? length - *at : room;
	if (*at + n < length) /* break after a space where there is one */
		for (size_t k = n; k > room / 2; k--)
			if (text[*at + k - 1] == ' ') {
				n = k;
				break;
			}
	snprintf(out, SIDE_WIDTH + 1, "%s%.*s", *at ? "  " : "", (int)n, text + *at);
	*at += n;
}

/* The first step where the runs differ, original left and counterfactual
 * right, each line wrapped at SIDE_WIDTH columns. */
static void print_side_by_side(const struct run_lines *before, const struct run_lines *after,
                               const struct pirqsim_counterfactual *cf)
{
	unsigned s = cf->diverge_step, fb, fa;
	unsigned nb = lines_of_step(before, s, &fb), na = lines_of_step(after, s, &fa);
	bool blocked = cf->blocked_actor >= 0 && s == cf->followed + 1;
	char cannot[SIDE_WIDTH + 64];
	snprintf(cannot, sizeof(cannot), "%s cannot move here", cf->blocked_actor_name);
	printf("first divergence: step %u\n", s);
	printf("  %-*s | %s\n", SIDE_WIDTH, "original", "counterfactual");
	unsigned ib = 0, ia = 0;
	size_t atb = 0, ata = 0;
	bool cannot_shown = !blocked;
	while (ib < nb || ia < na || !cannot_shown) {
		char left[SIDE_WIDTH + 1] = "", right[SIDE_WIDTH + 1] = "";
		if (ib < nb) {
			side_cell(before->lines[fb + ib].text, &atb, left);
			if (atb >= strlen(before->lines[fb + ib].text))
				ib++, atb = 0;
		} else if (nb == 0 && ia == 0 && ata == 0) {
			snprintf(left, sizeof(left), "%s", s > cf->original_steps + 1 ? "(the original has ended)"
			                                                                : "(no events)");
		}
		if (!cannot_shown) {
			side_cell(cannot, &ata, right);
			if (ata >= strlen(cannot))
				cannot_shown = true, ata = 0;
		} else if (ia < na) {
			side_cell(after->lines[fa + ia].text, &ata, right);
			if (ata >= strlen(after->lines[fa + ia].text))
				ia++, ata = 0;
		}
		printf("  %-*s | %s\n", SIDE_WIDTH, left, right);
		if (nb == 0 && na == 0 && cannot_shown)
			break;
	}
	if (blocked && na > 0)
		printf("  (the counterfactual ran the lowest enabled driver instead)\n");
}

static bool counterfactual_wanted(const struct options *o)
{
	return o->kernel || o->qemu || o->xen || o->knob_count || o->fault_count || o->apicv || o->hvm_pirq >= 0 ||
	       o->extra_guest_irqs || o->xen_irqs;
}

static void print_first_verdict(const char *title, const pirqsim_result *r)
{
	enum pirqsim_verdict v = pirqsim_result_verdict(r);
	if (v == PIRQSIM_VIOLATED)
		printf("%s: violated: %s: %s (after step %u)\n", title, pirqsim_result_violation_property(r, 0),
		       pirqsim_result_violation_text(r, 0), pirqsim_result_violation_step(r, 0));
	else
		printf("%s: %s\n", title, v == PIRQSIM_HOLDS ? "all properties hold" : pirqsim_result_limit(r));
}

static void counterfactual_json(const struct options *o, const pirqsim_result *r,
                                const struct pirqsim_counterfactual *cf, const pirqsim_result *original)
{
	char extra[512];
	snprintf(extra, sizeof(extra),
	         ",\"counterfactual\":{\"schedule_steps\":%u,\"followed\":%u,\"steps\":%u,\"diverge_step\":%u,"
	         "\"blocked_actor\":\"%s\",\"original_verdict\":\"%s\"}",
	         cf->schedule_steps, cf->followed, cf->steps, cf->diverge_step,
	         cf->blocked_actor >= 0 ? cf->blocked_actor_name : "", verdict_word(pirqsim_result_verdict(original)));
	print_result_json(stdout, o->command, r, o->trail, extra);
}

/* `run --trail T` with another configuration: T's schedule on it. */
static int run_counterfactual(const struct options *o, const pirqsim_model *model)
{
	pirqsim_spec *original_spec = NULL;
	pirqsim_model *original = NULL;
	int rc = open_trail(o->command, o->trail, false, &original_spec, &original);
	if (rc)
		return rc;
	pirqsim_error *error = pirqsim_error_new();
	struct run_lines before = {0}, after = {0};
	struct pirqsim_counterfactual cf;
	pirqsim_result *r = error ? pirqsim_replay_counterfactual(original, model, original_spec, collect_line, &before,
	                                                          collect_line, &after, &cf, error)
	                          : NULL;
	/* The original's verdict, for the summary: its plain replay. */
	pirqsim_result *o_r = r ? pirqsim_replay(original, original_spec, NULL, NULL, error) : NULL;
	if (!r || !o_r || before.failed || after.failed) {
		rc = error && (!r || !o_r) ? report_error(o->command, error) : out_of_memory(o->command);
	} else if (o->json) {
		counterfactual_json(o, r, &cf, o_r);
		rc = (int)pirqsim_result_verdict(r);
	} else {
		char text[2048];
		if (!o->quiet) {
			pirqsim_model_describe(original, text, sizeof(text));
			printf("counterfactual replay of %s: its schedule (%u steps) on another configuration\n"
			       "original:\n%s\n", o->trail, cf.schedule_steps, text);
			pirqsim_model_describe(model, text, sizeof(text));
			printf("counterfactual:\n%s\n", text);
			print_first_verdict("original verdict", o_r);
			if (cf.blocked_actor < 0)
				printf("the schedule applies to all %u steps\n", cf.schedule_steps);
			else
				printf("the schedule applies for %u of %u steps: step %u chooses %s, which cannot move here\n",
				       cf.followed, cf.schedule_steps, cf.followed + 1, cf.blocked_actor_name);
			if (cf.diverge_step)
				print_side_by_side(&before, &after, &cf);
			else
				printf("the two runs show the same events at every step\n");
			if (cf.steps > cf.followed)
				printf("then the counterfactual ran on to quiescence (lowest enabled driver first): %u steps in all\n",
				       cf.steps);
			else
				printf("the counterfactual reached quiescence after %u steps\n", cf.steps);
		}
		printf("counterfactual ");
		rc = (int)pirqsim_result_verdict(r);
		if (rc == PIRQSIM_HOLDS)
			printf("%sverdict: all properties hold on this schedule%s\n", cli_paint(stdout, PAINT_GREEN),
			       cli_paint(stdout, PAINT_RESET));
		else if (rc == PIRQSIM_INPUT_ERROR)
			printf("verdict: model error: %s\n", pirqsim_result_limit(r));
		else
			print_violations(stdout, r);
	}
	run_lines_free(&before);
	run_lines_free(&after);
	pirqsim_result_free(o_r);
	pirqsim_result_free(r);
	pirqsim_error_free(error);
	pirqsim_model_free(original);
	pirqsim_spec_free(original_spec);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	struct options o;
	int rc = parse_options(&o, "run", argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!o.trail && !o.seed_set)
		return usage_error("run", "%s", "give --trail FILE, or a scenario with --seed S");
	if (o.trail) {
		if (o.scenario || o.seed_set)
			return usage_error("run", "%s", "--trail replays the scenario stored in the trail; give no scenario or --seed");
		if (o.nvme || o.nic || o.single || o.emulated_nvme || o.vectors || o.msi || o.io_queues != 2)
			return usage_error("run", "%s",
			                   "--trail replays the trail's own devices: --nvme, --nic, --single, --vectors, "
			                   "--io-queues and --msi cannot change them (a counterfactual takes --kernel, --qemu, "
			                   "--xen, --knob, --fault, --apicv, --hvm-pirq, --extra-guest-irqs or --xen-irqs)");
		o.scenario = o.trail;
	}
	pirqsim_spec *spec = pirqsim_spec_new(); /* after the usage errors: they return at once */
	if (!spec)
		return out_of_memory("run");
	pirqsim_model *model = open_model(&o, spec, &rc);
	bool real = o.linux_src || o.real_object;
	/* The trail's real code: "linux-6.1.192", "model_qemu-7.2.22",
	 * "linux-6.1.192_qemu-7.2.22" (src/real/driver.c name_wrapper). */
	const char *real_guest = model ? pirqsim_spec_real_guest(spec) : "";
	bool want_linux = strncmp(real_guest, "linux-", 6) == 0, want_qemu = strstr(real_guest, "_qemu-") != NULL;
	if (model && o.trail && !pirqsim_spec_is_trail(spec)) {
		fprintf(stderr, "pirqsim run: %s is a scenario, not a trail (it has no choices:); use --seed S to run it\n", o.trail);
		rc = PIRQSIM_INPUT_ERROR;
	} else if (model && o.trail && want_linux && !real) {
		fprintf(stderr, "pirqsim run: %s was found with the real guest code of %s; replay it with that code: "
		        "--linux-src DIR (or --real-object FILE)\n", o.trail, pirqsim_spec_real_guest(spec));
		rc = PIRQSIM_INPUT_ERROR;
	} else if (model && o.trail && !want_linux && real) {
		fprintf(stderr, "pirqsim run: %s was found with the model's guest, not real code; replay it without "
		        "--linux-src / --real-object\n", o.trail);
		rc = PIRQSIM_INPUT_ERROR;
	} else if (model && o.trail && want_qemu != (o.qemu_src != NULL)) {
		fprintf(stderr, "pirqsim run: %s was found with %s; replay it %s --qemu-src DIR\n", o.trail,
		        want_qemu ? real_guest : "the modelled QEMU", want_qemu ? "with that QEMU's code:" : "without");
		rc = PIRQSIM_INPUT_ERROR;
	} else if (model) {
		char text[2048];
		pirqsim_model_describe(model, text, sizeof(text));
		if (!o.quiet && !(o.trail && counterfactual_wanted(&o)))
			printf("%s\n", text);
		rc = o.trail && counterfactual_wanted(&o) ? run_counterfactual(&o, model)
		     : o.trail                            ? replay_and_print(&o, model, spec)
		                                          : run_seed(&o, model, spec);
	}
	pirqsim_model_free(model);
	pirqsim_spec_free(spec);
	return rc;
}

/* ---- versions / scenarios -------------------------------------------------- */

/* Flags of the listing commands and demo: --quiet, --json, and for
 * versions --knobs.  Returns 0, -1 after --help, or an exit status. */
static int listing_flags(const char *command, int argc, char **argv, bool *knobs, bool *quiet, bool *json)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			help(command_named(command));
			return -1;
		}
		bool *flag = strcmp(argv[i], "--quiet") == 0 ? quiet : strcmp(argv[i], "--json") == 0 ? json
		           : knobs && strcmp(argv[i], "--knobs") == 0 ? knobs : NULL;
		if (!flag)
			return usage_error(command, "unknown option '%s'", argv[i]);
		*flag = true;
	}
	return 0;
}

/* --knobs: pirqsim_knobs_describe gives a "name  values" line per knob,
 * then its meaning indented. */
static void print_knobs(bool quiet, bool json)
{
	char text[8192];
	pirqsim_knobs_describe(text, sizeof(text));
	if (!quiet && !json) {
		fputs(text, stdout);
		return;
	}
	if (json)
		printf("{\"command\":\"versions\",\"knobs\":[");
	bool open = false;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		bool meaning = line[0] == ' ';
		char *p = line + strspn(line, " ");
		if (!json) {
			if (!meaning)
				printf("%s\n", p);
			continue;
		}
		if (!meaning) {
			char *gap = p + strcspn(p, " ");
			char *values = gap + strspn(gap, " ");
			*gap = '\0';
			printf("%s{\"name\":", open ? "}," : "");
			cli_json_string(stdout, p);
			printf(",\"values\":");
			cli_json_string(stdout, values);
			open = true;
		} else if (open) {
			printf(",\"meaning\":");
			cli_json_string(stdout, p);
		}
	}
	if (json)
		printf("%s]}\n", open ? "}" : "");
}

static void version_row_json(unsigned i, const char *const field[14], bool verified)
{
	printf("%s{", i ? "," : "");
	for (unsigned f = 0; f < 14; f += 2) {
		printf("%s\"%s\":", f ? "," : "", field[f]);
		cli_json_string(stdout, field[f + 1]);
	}
	printf(",\"verified\":%s}", verified ? "true" : "false");
}

static int cmd_versions(int argc, char **argv)
{
	bool knobs = false, quiet = false, json = false;
	int rc = listing_flags("versions", argc, argv, &knobs, &quiet, &json);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (knobs) {
		print_knobs(quiet, json);
		return 0;
	}
	if (pirqsim_version_row_count() == 0) {
		fprintf(stderr, "pirqsim versions: the version table did not load: %s\n", pirqsim_version_table_error());
		return PIRQSIM_INPUT_ERROR;
	}
	if (json)
		printf("{\"command\":\"versions\",\"rows\":[");
	for (unsigned i = 0; i < pirqsim_version_row_count(); i++) {
		const char *component, *label, *from, *until, *source, *bundled;
		char knob_text[512];
		bool verified;
		pirqsim_version_row(i, &component, &label, &from, &until, knob_text, sizeof(knob_text), &verified, &source,
		                    &bundled);
		if (json) {
			const char *const field[14] = {"component", component, "label", label, "from", from, "until", until,
			                               "knobs", knob_text, "bundles_qemu", bundled, "source", source};
			version_row_json(i, field, verified);
		} else if (quiet) {
			printf("%-6s %s\n", component, label);
		} else {
			printf("%-6s %-34s [%s, %s)%s\n       knobs: %s\n", component, label, from, until[0] ? until : "...",
			       verified ? "" : "  (unverified)", knob_text);
			if (bundled[0])
				printf("       bundles QEMU: %s\n", bundled);
			printf("       source: %s\n", source);
		}
	}
	if (json)
		printf("]}\n");
	return 0;
}

static int cmd_scenarios(int argc, char **argv)
{
	bool quiet = false, json = false;
	int rc = listing_flags("scenarios", argc, argv, NULL, &quiet, &json);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (json)
		printf("{\"command\":\"scenarios\",\"scenarios\":[");
	for (unsigned i = 0; i < pirqsim_builtin_count(); i++) {
		if (json) {
			printf("%s{\"name\":", i ? "," : "");
			cli_json_string(stdout, pirqsim_builtin_name(i));
			printf(",\"summary\":");
			cli_json_string(stdout, pirqsim_builtin_summary(i));
			printf("}");
		} else {
			printf(quiet ? "%s\n" : "%-20s %s\n", pirqsim_builtin_name(i), pirqsim_builtin_summary(i));
		}
	}
	if (json)
		printf("]}\n");
	return 0;
}

/* ---- demo ------------------------------------------------------------------ */

/* What the replay of the old kernel's trail shows, collected from its
 * events: the numbers in the explanation come from the model's run. */
struct demo_facts {
	int reuse_pirq;
	char reuse_actor[32];
	char obtain_failed[160];
	char lost[320];
	unsigned events;
	bool print;
};

static void demo_event(const struct pirqsim_event *e, void *data)
{
	struct demo_facts *f = data;
	f->events++;
	int pirq = -1;
	const char *reuse = e->is_log ? strstr(e->text, "xen: msi already bound to pirq=") : NULL;
	if (reuse && sscanf(reuse, "xen: msi already bound to pirq=%d", &pirq) == 1 && !f->reuse_actor[0]) {
		f->reuse_pirq = pirq;
		snprintf(f->reuse_actor, sizeof(f->reuse_actor), "%s", e->actor_name);
	} else if (e->is_log && strstr(e->text, "Failed to obtain physical IRQ") && !f->obtain_failed[0]) {
		snprintf(f->obtain_failed, sizeof(f->obtain_failed), "%s: \"%s\"", e->actor_name, e->text);
	} else if (!e->is_log && strcmp(e->operation, "raise MSI") == 0 && e->result != 0 && !f->lost[0]) {
		snprintf(f->lost, sizeof(f->lost), "%s %s", e->actor_name, e->arguments);
	}
	bool key = (e->is_log && (strstr(e->text, "already bound") || strstr(e->text, "Failed to obtain") ||
	                          strstr(e->text, "timeout"))) ||
	           (!e->is_log && (strcmp(e->operation, "PHYSDEVOP_unmap_pirq") == 0 ||
	                           strcmp(e->operation, "PHYSDEVOP_get_free_pirq") == 0 ||
	                           (strcmp(e->operation, "raise MSI") == 0 && e->result != 0)));
	if (f->print && key) {
		unsigned last = ~0u;
		print_event(e, &last);
	}
}

static pirqsim_result *demo_check(const char *name, pirqsim_model **model_out, pirqsim_spec **spec_out)
{
	pirqsim_error *error = pirqsim_error_new();
	pirqsim_spec *spec = pirqsim_spec_new();
	pirqsim_model *model = NULL;
	pirqsim_result *r = NULL;
	if (error && spec && pirqsim_spec_builtin(spec, name, error) == 0 && (model = pirqsim_model_new(spec, error))) {
		struct pirqsim_check_options co;
		pirqsim_check_options_init(&co);
		co.search = PIRQSIM_SEARCH_BFS; /* a shortest counterexample reads best */
		r = pirqsim_check(model, &co);
	} else if (error) {
		fprintf(stderr, "pirqsim demo: %s\n", pirqsim_error_text(error));
	}
	pirqsim_error_free(error);
	*model_out = model;
	*spec_out = spec;
	return r;
}

static void demo_summary(const char *title, const pirqsim_model *model, const pirqsim_result *r)
{
	const struct pirqsim_progress *s = pirqsim_result_statistics(r);
	char text[2048];
	pirqsim_model_describe(model, text, sizeof(text));
	printf("== %s\n%s\n", title, text);
	printf("   explored %" PRIu64 " states (%" PRIu64 " transitions) in %.3f s: ", s->states_stored, s->transitions,
	       s->seconds);
	if (pirqsim_result_verdict(r) == PIRQSIM_HOLDS)
		printf("%sall four properties hold on every interleaving%s\n\n", cli_paint(stdout, PAINT_GREEN),
		       cli_paint(stdout, PAINT_RESET));
	else
		printf("%s%s%s\n", cli_paint(stdout, PAINT_RED),
		       pirqsim_result_verdict(r) == PIRQSIM_VIOLATED ? "VIOLATED" : "inconclusive", cli_paint(stdout, PAINT_RESET));
	if (pirqsim_result_verdict(r) == PIRQSIM_VIOLATED)
		print_violations(stdout, r);
}

/* The counterexample as nvme-2017.trail, for `pirqsim run --trail`; 0, or
 * the exit status of a command that cannot write its output. */
static int demo_write_trail(const pirqsim_result *old)
{
	if (write_result_trail(old, "nvme-2017.trail") == 0)
		return 0;
	fprintf(stderr, "pirqsim demo: cannot write nvme-2017.trail: %s\n", strerror(errno));
	return PIRQSIM_INPUT_ERROR;
}

static int demo_explain(const pirqsim_model *old_model, const pirqsim_result *old, const pirqsim_result *fixed)
{
	struct demo_facts facts = {.reuse_pirq = -1, .print = true};
	size_t need = pirqsim_result_trail_yaml(old, NULL, 0) + 1;
	char *text = malloc(need);
	pirqsim_spec *trail = pirqsim_spec_new();
	pirqsim_error *error = pirqsim_error_new();
	if (!text || !trail || !error)
		return PIRQSIM_INPUT_ERROR;
	pirqsim_result_trail_yaml(old, text, need);
	printf("\nkey steps of the counterexample (full trace: pirqsim run --trail nvme-2017.trail):\n");
	pirqsim_result *replayed = NULL;
	if (pirqsim_spec_load_string(trail, text, need - 1, "nvme-2017.trail", error) == 0)
		replayed = pirqsim_replay(old_model, trail, demo_event, &facts, error);
	printf("\nwhat happened:\n");
	if (facts.reuse_actor[0])
		printf("  - %s disabled MSI-X after its admin setup; QEMU >= 2.1 unmapped its pirq, Xen's top-down\n"
		       "    allocator gave pirq %d to the other controller, and when %s re-enabled MSI-X\n"
		       "    xen_hvm_setup_msi_irqs read %d back from the MSI-X entry, found it live and reused it\n"
		       "    without writing the entry (\"xen: msi already bound to pirq=%d\").\n"
		       "  - QEMU only maps an entry the guest wrote, so %s's entry was never mapped.\n",
		       facts.reuse_actor, facts.reuse_pirq, facts.reuse_actor, facts.reuse_pirq, facts.reuse_pirq,
		       facts.reuse_actor);
	if (facts.obtain_failed[0])
		printf("  - both irqs now name one pirq; the second EVTCHNOP_bind_pirq failed: %s\n", facts.obtain_failed);
	if (facts.lost[0])
		printf("  - the interrupt that mattered: %s\n", facts.lost);
	printf("  - Linux 4.11 (c74fd80f2f41) always asks Xen for a free pirq and writes it: %s.\n",
	       pirqsim_result_verdict(fixed) == PIRQSIM_HOLDS ? "no interleaving loses an interrupt" : "still violated");
	pirqsim_result_free(replayed);
	pirqsim_error_free(error);
	pirqsim_spec_free(trail);
	free(text);
	return 0;
}

/* demo --quiet: one verdict line per check; --json: both results. */
static void demo_terse(const pirqsim_result *old, const pirqsim_result *fixed, bool json, int rc)
{
	const pirqsim_result *r[2] = {old, fixed};
	if (json) {
		printf("{\"command\":\"demo\",\"exit_status\":%d,\"before_fix\":", rc);
		bool written = pirqsim_result_verdict(old) == PIRQSIM_VIOLATED && rc != PIRQSIM_INPUT_ERROR;
		print_result_json(stdout, "check", old, written ? "nvme-2017.trail" : NULL, NULL);
		printf(",\"after_fix\":");
		print_result_json(stdout, "check", fixed, NULL, NULL);
		printf("}\n");
		return;
	}
	for (unsigned i = 0; i < 2; i++) {
		enum pirqsim_verdict v = pirqsim_result_verdict(r[i]);
		printf("%s: ", i ? "after the fix (Linux 4.11)" : "before the fix (Linux 4.10)");
		if (v == PIRQSIM_VIOLATED)
			printf("violated: %s: %s\n", pirqsim_result_violation_property(r[i], 0),
			       pirqsim_result_violation_text(r[i], 0));
		else
			printf("%s\n", v == PIRQSIM_HOLDS ? "all properties hold" : "inconclusive");
	}
}

/* The demo's two checks: the 2017 kernel's and the fixed kernel's. */
enum { DEMO_OLD = 0, DEMO_FIXED, DEMO_CHECKS };
struct demo {
	pirqsim_model *model[DEMO_CHECKS];
	pirqsim_spec *spec[DEMO_CHECKS];
	pirqsim_result *result[DEMO_CHECKS]; /* NULL when the check could not run */
};

/* Both checks; false (the reason printed) when one could not run. */
static bool demo_run(struct demo *d)
{
	static const char *const scenarios[DEMO_CHECKS] = {"nvme-2017", "nvme-2017-fixed"};
	for (unsigned i = 0; i < DEMO_CHECKS; i++)
		d->result[i] = demo_check(scenarios[i], &d->model[i], &d->spec[i]);
	return d->result[DEMO_OLD] && d->result[DEMO_FIXED];
}

/* 0 when the old kernel fails and the fixed one holds, as they should. */
static int demo_status(const struct demo *d)
{
	return pirqsim_result_verdict(d->result[DEMO_OLD]) == PIRQSIM_VIOLATED &&
	               pirqsim_result_verdict(d->result[DEMO_FIXED]) == PIRQSIM_HOLDS
	           ? 0 : 1;
}

static void demo_free(struct demo *d)
{
	for (unsigned i = 0; i < DEMO_CHECKS; i++) {
		pirqsim_result_free(d->result[i]);
		pirqsim_model_free(d->model[i]);
		pirqsim_spec_free(d->spec[i]);
	}
}

/* demo --quiet / --json: the two checks, the trail, no explanation. */
static int demo_terse_run(bool json)
{
	struct demo d;
	int rc = PIRQSIM_INPUT_ERROR;
	if (demo_run(&d)) {
		rc = demo_status(&d);
		if (pirqsim_result_verdict(d.result[DEMO_OLD]) == PIRQSIM_VIOLATED && demo_write_trail(d.result[DEMO_OLD]) != 0)
			rc = PIRQSIM_INPUT_ERROR;
		demo_terse(d.result[DEMO_OLD], d.result[DEMO_FIXED], json, rc);
	}
	demo_free(&d);
	return rc;
}

static int cmd_demo(int argc, char **argv)
{
	bool quiet = false, json = false;
	int flags = listing_flags("demo", argc, argv, NULL, &quiet, &json);
	if (flags)
		return flags < 0 ? 0 : flags;
	if (quiet || json)
		return demo_terse_run(json);
	printf("pirqsim demo: Linux c74fd80f2f41 \"xen: do not re-use pirq number cached in pci device msi msg data\"\n\n");
	struct demo d;
	int rc = PIRQSIM_INPUT_ERROR;
	if (demo_run(&d)) {
		int trail_status = 0;
		demo_summary("before the fix", d.model[DEMO_OLD], d.result[DEMO_OLD]);
		if (pirqsim_result_verdict(d.result[DEMO_OLD]) == PIRQSIM_VIOLATED) {
			demo_explain(d.model[DEMO_OLD], d.result[DEMO_OLD], d.result[DEMO_FIXED]);
			trail_status = demo_write_trail(d.result[DEMO_OLD]);
		}
		printf("\n");
		demo_summary("after the fix", d.model[DEMO_FIXED], d.result[DEMO_FIXED]);
		rc = trail_status ? trail_status : demo_status(&d);
	}
	demo_free(&d);
	return rc;
}

#ifndef PIRQSIM_CLI_NO_MAIN /* pirqsim-mpi has its own (cli/mpi_main.c) */
static bool wants_json(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "--format=json") == 0 ||
		    (strcmp(argv[i], "--format") == 0 && i + 1 < argc && strcmp(argv[i + 1], "json") == 0))
			return true;
	return false;
}

/*
 * --json: stdout carries exactly one JSON document.  The command runs with
 * stdout and stderr caught in memory; if it failed before printing its
 * JSON (bad option, unknown version, unreadable file), the document is an
 * error object carrying what it wrote to stderr.  Its stderr text is passed
 * on either way, for a person watching.
 */
static int run_json(const struct command *c, int argc, char **argv)
{
	char *out_text = NULL, *err_text = NULL;
	size_t out_length = 0, err_length = 0;
	FILE *real_out = stdout, *real_err = stderr;
	FILE *out = open_memstream(&out_text, &out_length), *err = open_memstream(&err_text, &err_length);
	if (!out || !err) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		free(out_text);
		free(err_text);
		return c->run(argc, argv);
	}
	stdout = out;
	stderr = err;
	int rc = c->run(argc, argv);
	fclose(out);
	fclose(err);
	stdout = real_out;
	stderr = real_err;
	if (out_length == 0 && rc != 0) {
		char *end = err_text + err_length;
		while (end > err_text && end[-1] == '\n')
			*--end = '\0';
		printf("{\"command\":\"%s\",\"verdict\":\"error\",\"exit_status\":%d,\"error\":", c->name, rc);
		cli_json_string(stdout, err_text[0] ? err_text : "failed without a message");
		printf("}\n");
	} else {
		fwrite(out_text, 1, out_length, stdout);
	}
	fwrite(err_text, 1, strlen(err_text), stderr);
	free(out_text);
	free(err_text);
	return rc;
}

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		usage_all(stderr);
		return PIRQSIM_INPUT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc > 2 && command_named(argv[2])) {
			help(command_named(argv[2]));
			return 0;
		}
		usage_all(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pirqsim %s (rules %s)\n", PIRQSIM_VERSION_STRING, pirqsim_rules_hash());
		return 0;
	}
	const struct command *c = command_named(argv[1]);
	if (c && wants_json(argc, argv))
		return run_json(c, argc - 1, argv + 1);
	if (!c) {
		fprintf(stderr, "pirqsim: unknown command '%s'; commands:", argv[1]);
		for (size_t i = 0; i < COMMAND_COUNT; i++)
			fprintf(stderr, " %s", commands[i].name);
		fprintf(stderr, "\n");
		return PIRQSIM_INPUT_ERROR;
	}
	return c->run(argc - 1, argv + 1);
}

/* Every write to standard output is checked, once, at the end (stdio keeps
 * the error): a full disk is exit 2 with the reason, never a silent
 * success with a truncated listing. */
int main(int argc, char **argv)
{
	int status = dispatch(argc, argv);
	bool flush_failed = fflush(stdout) != 0;
	int flush_errno = errno;
	if (!flush_failed && !ferror(stdout))
		return status;
	fprintf(stderr, "pirqsim: cannot write standard output: %s\n",
	        flush_failed ? strerror(flush_errno) : "write error");
	return PIRQSIM_INPUT_ERROR;
}
#endif
