/*
 * real.c - real guest code for check and run: --real-object FILE loads an
 * object built from a Linux tree; --linux-src DIR builds one first with
 * tools/real/build.py (extract the MSI-path functions by name, compile
 * them against the kernel shim; cached by the tree's files' hashes).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#ifndef PIRQSIM_SOURCE_DIR
#define PIRQSIM_SOURCE_DIR "."
#endif
#ifndef PIRQSIM_DATA_DIR
#define PIRQSIM_DATA_DIR "/usr/local/share/pirqsim"
#endif

static pirqsim_real *loaded;

static void free_loaded(void) { pirqsim_real_free(loaded); }

/* The directory holding build.py, extract.py and the shim: $PIRQSIM_REAL_TOOLS,
 * BINDIR/../share/pirqsim/real beside this program (an install under any
 * prefix), the configured data directory, or the source tree this binary
 * was built from. */
static const char *tools_dir(void)
{
	static char dir[4096];
	char beside[4096] = "";
	ssize_t n = readlink("/proc/self/exe", beside, sizeof(beside) - 64);
	if (n > 0) {
		beside[n] = '\0';
		char *slash = strrchr(beside, '/');
		if (slash)
			snprintf(slash, sizeof(beside) - (size_t)(slash - beside), "/../share/pirqsim/real");
	}
	const char *env = getenv("PIRQSIM_REAL_TOOLS");
	const char *candidates[] = {env, beside[0] ? beside : NULL, PIRQSIM_DATA_DIR "/real",
	                            PIRQSIM_SOURCE_DIR "/tools/real"};
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		if (!candidates[i])
			continue;
		snprintf(dir, sizeof(dir), "%s/build.py", candidates[i]);
		if (access(dir, R_OK) == 0) {
			snprintf(dir, sizeof(dir), "%s", candidates[i]);
			return dir;
		}
	}
	return NULL;
}

/* Run build.py (or build_qemu.py, `flag` --qemu-tree) on the tree; the
 * object's path is its last line of output. */
static int run_build(const char *command, const char *script_name, const char *flag, const char *tree, char *object,
                     size_t size)
{
	const char *tools = tools_dir();
	if (!tools) {
		fprintf(stderr, "pirqsim %s: cannot find tools/real/build.py (set PIRQSIM_REAL_TOOLS to its directory)\n",
		        command);
		return PIRQSIM_INPUT_ERROR;
	}
	const char *cache_home = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char cache[4096];
	if (getenv("PIRQSIM_REAL_CACHE"))
		snprintf(cache, sizeof(cache), "%s", getenv("PIRQSIM_REAL_CACHE"));
	else if (cache_home && *cache_home)
		snprintf(cache, sizeof(cache), "%s/pirqsim/real", cache_home);
	else
		snprintf(cache, sizeof(cache), "%s/.cache/pirqsim/real", home ? home : "/tmp");
	int pipefd[2];
	if (pipe(pipefd) != 0) {
		fprintf(stderr, "pirqsim %s: pipe: %s\n", command, strerror(errno));
		return PIRQSIM_INPUT_ERROR;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "pirqsim %s: fork: %s\n", command, strerror(errno));
		return PIRQSIM_INPUT_ERROR;
	}
	if (pid == 0) {
		char script[4200];
		snprintf(script, sizeof(script), "%s/%s", tools, script_name);
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execlp("python3", "python3", script, flag, tree, "--cache", cache, (char *)NULL);
		fprintf(stderr, "pirqsim %s: cannot run python3: %s\n", command, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	char out[8192];
	size_t used = 0;
	ssize_t n;
	while ((n = read(pipefd[0], out + used, sizeof(out) - 1 - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	close(pipefd[0]);
	int wstatus;
	if (waitpid(pid, &wstatus, 0) < 0 || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		fprintf(stderr, "pirqsim %s: building the real %s code of %s failed (see above)\n", command,
		        strcmp(flag, "--tree") == 0 ? "guest" : "QEMU", tree);
		return PIRQSIM_INPUT_ERROR;
	}
	while (used > 0 && (out[used - 1] == '\n' || out[used - 1] == '\r'))
		out[--used] = '\0';
	const char *last = strrchr(out, '\n');
	snprintf(object, size, "%.4000s", last ? last + 1 : out);
	return 0;
}

static int build_object(const char *command, const char *tree, char *object, size_t size)
{
	return run_build(command, "build.py", "--tree", tree, object, size);
}

bool cli_tree_release(const char *dir, char *out, size_t size)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/Makefile", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	long v[3] = {-1, -1, -1};
	static const char *const key[3] = {"VERSION", "PATCHLEVEL", "SUBLEVEL"};
	char line[512];
	for (int n = 0; n < 40 && fgets(line, sizeof(line), f); n++)
		for (int k = 0; k < 3; k++) {
			size_t len = strlen(key[k]);
			const char *p = line + len;
			if (strncmp(line, key[k], len) != 0)
				continue;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p++ != '=')
				continue;
			char *end;
			long value = strtol(p, &end, 10);
			if (end != p && v[k] < 0)
				v[k] = value;
		}
	fclose(f);
	if (v[0] < 0 || v[1] < 0)
		return false;
	snprintf(out, size, "%ld.%ld.%ld", v[0], v[1], v[2] < 0 ? 0 : v[2]);
	return true;
}

int cli_use_real_guest(const char *command, const char *linux_src, const char *object, pirqsim_model *model)
{
	char built[4096];
	if (linux_src && object) {
		fprintf(stderr, "pirqsim %s: --linux-src and --real-object both name the guest code; give one\n", command);
		return PIRQSIM_INPUT_ERROR;
	}
	if (linux_src) {
		int rc = build_object(command, linux_src, built, sizeof(built));
		if (rc)
			return rc;
		object = built;
	}
	pirqsim_error *error = pirqsim_error_new();
	if (!error) {
		fprintf(stderr, "pirqsim %s: out of memory\n", command);
		return PIRQSIM_INPUT_ERROR;
	}
	if (!loaded) {
		loaded = pirqsim_real_load(object, error);
		if (loaded)
			atexit(free_loaded);
	}
	int rc = 0;
	if (!loaded || pirqsim_model_use_real(model, loaded, error) != 0) {
		fprintf(stderr, "pirqsim %s: real guest code: %s\n", command, pirqsim_error_text(error));
		rc = PIRQSIM_INPUT_ERROR;
	}
	pirqsim_error_free(error);
	return rc;
}

/* ---- real QEMU: --qemu-src DIR (tools/real/build_qemu.py) ------------------ */

bool cli_qemu_tree_release(const char *dir, char *out, size_t size)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/VERSION", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char line[64] = "";
	bool ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	line[strcspn(line, " \t\r\n")] = '\0';
	unsigned a, b, c;
	char extra;
	if (!ok || sscanf(line, "%u.%u.%u%c", &a, &b, &c, &extra) != 3)
		return false;
	snprintf(out, size, "%s", line);
	return true;
}

static pirqsim_real_qemu *loaded_qemu;

static void free_loaded_qemu(void) { pirqsim_real_qemu_free(loaded_qemu); }

int cli_use_real_qemu(const char *command, const char *qemu_src, bool differential, pirqsim_model *model)
{
	char built[4096];
	int rc = run_build(command, "build_qemu.py", "--qemu-tree", qemu_src, built, sizeof(built));
	if (rc)
		return rc;
	pirqsim_error *error = pirqsim_error_new();
	if (!error) {
		fprintf(stderr, "pirqsim %s: out of memory\n", command);
		return PIRQSIM_INPUT_ERROR;
	}
	if (!loaded_qemu) {
		loaded_qemu = pirqsim_real_qemu_load(built, error);
		if (loaded_qemu)
			atexit(free_loaded_qemu);
	}
	if (loaded_qemu)
		pirqsim_real_qemu_differential(loaded_qemu, differential);
	if (!loaded_qemu || pirqsim_model_use_real_qemu(model, loaded_qemu, error) != 0) {
		fprintf(stderr, "pirqsim %s: real QEMU code: %s\n", command, pirqsim_error_text(error));
		rc = PIRQSIM_INPUT_ERROR;
	}
	pirqsim_error_free(error);
	return rc;
}
