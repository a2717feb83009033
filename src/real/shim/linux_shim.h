/*
 * linux_shim.h - the kernel API that the real guest functions of the MSI
 * path use, in user space (src/real/README.md).  Force-included (-include)
 * ahead of the code tools/real/extract.py takes out of a Linux tree;
 * shim/linux_glue.c follows it in the same translation unit.
 *
 * What is here is written from the kernel's documented behaviour, not
 * copied: lists, mutexes, the irq descriptor table (kernel/irq/irqdesc.c:
 * irq_alloc_descs, irq_set_chip_data, ...), the MSI descriptor iterators of
 * each era (<= 3.x dev->msi_list, 4.3 .. 5.x for_each_pci_msi_entry, >= 5.17
 * msi_for_each_desc with its filters), the message layouts of each era
 * (address_lo/hi + data; >= 5.10 the arch_addr_lo/hi bitfields), printk.
 * Hypercalls and PCI accesses leave through the host's table
 * (real_abi.h: struct real_host), which is where pirqsim's model of QEMU
 * and Xen answers.  Xen's public ABI comes from libxen-dev's headers.
 *
 * One CPU, no preemption: the explorer switches actors only inside the
 * host's calls, so spinlocks are no-ops; a mutex held across such a call
 * and wanted by another actor is reported (shim_bug), never ignored.
 */
#ifndef PIRQSIM_LINUX_SHIM_H
#define PIRQSIM_LINUX_SHIM_H

#define __XEN_TOOLS__ 1
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/physdev.h>

#include "real/real_abi.h"

/* ---- the kernel release being compiled (set by the build) ---------------- */
#ifndef LINUX_VERSION_CODE
#error "LINUX_VERSION_CODE must be passed by the build (tools/real/build.py)"
#endif
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

/* The configuration of a Xen HVM x86_64 guest (Debian's kernels). */
#define CONFIG_X86 1
#define CONFIG_X86_64 1
#define CONFIG_PCI 1
#define CONFIG_PCI_MSI 1
#define CONFIG_XEN 1
#define CONFIG_XEN_PVHVM 1
#define CONFIG_XEN_DOM0 1
#define CONFIG_SMP 1
/* IS_ENABLED(CONFIG_X): 1 when CONFIG_X is defined to 1, else 0. */
#define shim_one_if_1_1 0,
#define shim_second(a, b, ...) b
#define shim_is_one(x) shim_is_one_(shim_one_if_1_##x)
#define shim_is_one_(t) shim_second(t 1, 0, 0)
#define IS_ENABLED(option) shim_is_one(option)
#define IS_BUILTIN(option) shim_is_one(option)

/* ---- types and compiler words -------------------------------------------- */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;
typedef uint64_t phys_addr_t;
typedef uint64_t irq_hw_number_t;
typedef int64_t ktime_t;
#define __init
#define __initdata
#define __exit
#define __read_mostly
#define __ro_after_init
#define __maybe_unused __attribute__((unused))
#define __always_inline inline __attribute__((always_inline))
#define __must_check
#define notrace
#define __visible
#define __cpuinit
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define smp_store_release(p, v) WRITE_ONCE(*(p), (v))
#define smp_load_acquire(p) READ_ONCE(*(p))
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define cmpxchg(p, o, n) __sync_val_compare_and_swap((p), (o), (n))
#define xchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define BITS_PER_LONG 64
/* Smaller than x86's 4096: the real code sizes tables by it (events' evtchn_to_irq
 * rows), and every byte of them is in each state the explorer keeps. */
#define PAGE_SIZE 256ul
#define GFP_KERNEL 0u
#define GFP_ATOMIC 1u
#define NUMA_NO_NODE (-1)
#define NR_CPUS 1
#define nr_cpu_ids 1u
#define NR_IRQS_LEGACY 16
#define SHIM_NR_IRQS 160
#define nr_irqs SHIM_NR_IRQS
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)

/* ---- the host (glue) ------------------------------------------------------ */
extern const struct real_host *shim_host;
extern struct real_shared *shim_shared;
void shim_bug(const char *file, int line, const char *what) __attribute__((noreturn));
void *shim_alloc(size_t size);
void shim_log(enum real_log kind, int device, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define BUG() shim_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(c) do { if (unlikely(c)) shim_bug(__FILE__, __LINE__, "BUG_ON(" #c ")"); } while (0)
#define BUILD_BUG_ON(c) _Static_assert(!(c), #c)
/* WARN*: the message is logged, execution goes on (as in the kernel). */
#define WARN(c, ...) ({ int shim_w_ = !!(c); if (unlikely(shim_w_)) shim_log(REAL_LOG_WARN, -1, __VA_ARGS__); unlikely(shim_w_); })
#define WARN_ONCE(c, ...) ({ static bool shim_warned_; int shim_w_ = !!(c); \
	if (unlikely(shim_w_) && !shim_warned_) { shim_warned_ = true; shim_log(REAL_LOG_WARN, -1, __VA_ARGS__); } unlikely(shim_w_); })
#define WARN_ON(c) WARN((c), "%s", "")
#define WARN_ON_ONCE(c) WARN_ONCE((c), "%s", "")

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_warn(fmt, ...) shim_log(REAL_LOG_PR_WARN, -1, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_err(fmt, ...) shim_log(REAL_LOG_PR_ERR, -1, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) shim_log(REAL_LOG_PR_INFO, -1, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) do { } while (0)
#define printk(fmt, ...) shim_log(REAL_LOG_PR_INFO, -1, fmt, ##__VA_ARGS__)
#define KERN_WARNING ""
#define KERN_ERR ""
#define KERN_INFO ""
#define KERN_DEBUG ""

/* ---- lists (include/linux/list.h's semantics) ---------------------------- */
struct list_head { struct list_head *next, *prev; };
#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)
static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l; l->prev = l; }
static inline void shim_list_insert(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n; n->next = next; n->prev = prev; prev->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *head) { shim_list_insert(n, head, head->next); }
static inline void list_add_tail(struct list_head *n, struct list_head *head) { shim_list_insert(n, head->prev, head); }
static inline void list_del(struct list_head *e)
{
	e->next->prev = e->prev; e->prev->next = e->next;
	e->next = (struct list_head *)0x100; e->prev = (struct list_head *)0x122; /* poisoned */
}
static inline void list_del_init(struct list_head *e)
{
	e->next->prev = e->prev; e->prev->next = e->next; INIT_LIST_HEAD(e);
}
static inline int list_empty(const struct list_head *h) { return h->next == h; }
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_for_each_entry(pos, head, member) \
	for (pos = list_first_entry(head, __typeof__(*pos), member); &pos->member != (head); \
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member) \
	for (pos = list_first_entry(head, __typeof__(*pos), member), n = list_next_entry(pos, member); \
	     &pos->member != (head); pos = n, n = list_next_entry(n, member))

/* ---- locks ---------------------------------------------------------------- */
struct mutex { int owner; /* actor + 1, 0 = free */ };
#define DEFINE_MUTEX(name) struct mutex name = { 0 }
static inline void mutex_init(struct mutex *m) { m->owner = 0; }
static inline void mutex_lock(struct mutex *m)
{
	shim_host->sync(shim_host->data);
	if (m->owner != 0 && m->owner != (int)shim_shared->current_actor + 1)
		shim_bug(__FILE__, __LINE__, "mutex held by another actor across a scheduling point");
	m->owner = (int)shim_shared->current_actor + 1;
}
static inline void mutex_unlock(struct mutex *m) { m->owner = 0; }
typedef struct { int unused; } raw_spinlock_t;
typedef struct { int unused; } spinlock_t;
typedef struct { int unused; } rwlock_t;
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x
#define DEFINE_SPINLOCK(x) spinlock_t x
#define DEFINE_RWLOCK(x) rwlock_t x
#define raw_spin_lock_init(l) ((void)(l))
#define spin_lock_init(l) ((void)(l))
#define raw_spin_lock_irqsave(l, f) ((void)(l), (f) = 0)
#define raw_spin_unlock_irqrestore(l, f) ((void)(l), (void)(f))
#define raw_spin_lock(l) ((void)(l))
#define raw_spin_unlock(l) ((void)(l))
#define spin_lock_irqsave(l, f) ((void)(l), (f) = 0)
#define spin_unlock_irqrestore(l, f) ((void)(l), (void)(f))
#define spin_lock(l) ((void)(l))
#define spin_unlock(l) ((void)(l))
#define read_lock_irqsave(l, f) ((void)(l), (f) = 0)
#define read_unlock_irqrestore(l, f) ((void)(l), (void)(f))
#define write_lock_irqsave(l, f) ((void)(l), (f) = 0)
#define write_unlock_irqrestore(l, f) ((void)(l), (void)(f))
#define rcu_read_lock() do { } while (0)
#define rcu_read_unlock() do { } while (0)
#define local_irq_save(f) ((f) = 0)
#define local_irq_restore(f) ((void)(f))

/* ---- atomics --------------------------------------------------------------- */
typedef struct { int counter; } atomic_t;
#define ATOMIC_INIT(i) { (i) }
static inline int atomic_read(const atomic_t *a) { return a->counter; }
static inline void atomic_set(atomic_t *a, int i) { a->counter = i; }
static inline void atomic_inc(atomic_t *a) { a->counter++; }
static inline void atomic_dec(atomic_t *a) { a->counter--; }
static inline bool atomic_add_unless(atomic_t *a, int add, int unless)
{
	if (a->counter == unless)
		return false;
	a->counter += add;
	return true;
}
static inline bool atomic_dec_and_test(atomic_t *a) { return --a->counter == 0; }
static inline int test_bit(long nr, const volatile unsigned long *addr)
{
	return (int)((addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1ul);
}
static inline void set_bit(long nr, volatile unsigned long *addr) { addr[nr / BITS_PER_LONG] |= 1ul << (nr % BITS_PER_LONG); }
static inline void clear_bit(long nr, volatile unsigned long *addr) { addr[nr / BITS_PER_LONG] &= ~(1ul << (nr % BITS_PER_LONG)); }

/* ---- per-CPU data: one CPU ------------------------------------------------- */
#define DEFINE_PER_CPU(type, name) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
#define per_cpu(var, cpu) (*((void)(cpu), &(var)))
#define this_cpu_ptr(p) (p)
#define this_cpu_read(var) (var)
#define this_cpu_write(var, v) ((var) = (v))
#define __this_cpu_read(var) (var)
#define __this_cpu_write(var, v) ((var) = (v))
#define smp_processor_id() 0u
#define raw_smp_processor_id() 0u
#define get_cpu() 0u
#define put_cpu() do { } while (0)
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < 1; (cpu)++)
struct cpumask { unsigned long bits[1]; };
typedef struct cpumask cpumask_t;
static const struct cpumask shim_cpu0_mask = { { 1ul } };
#define cpumask_of(cpu) ((void)(cpu), &shim_cpu0_mask)
#define cpu_online(cpu) ((cpu) == 0)

/* ---- memory: a bump arena per actor (real_shared) ------------------------ */
static inline void *kmalloc(size_t size, gfp_t flags) { (void)flags; return shim_alloc(size); }
static inline void *kzalloc(size_t size, gfp_t flags) { void *p = kmalloc(size, flags); if (p) memset(p, 0, size); return p; }
static inline void *kcalloc(size_t n, size_t size, gfp_t flags) { return kzalloc(n * size, flags); }
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags) { return kmalloc(n * size, flags); }
static inline void kfree(const void *p) { (void)p; }
static inline unsigned long __get_free_pages(gfp_t flags, unsigned order) { return (unsigned long)kmalloc(PAGE_SIZE << order, flags); }
static inline unsigned long get_zeroed_page(gfp_t flags) { return (unsigned long)kzalloc(PAGE_SIZE, flags); }
static inline void free_pages(unsigned long addr, unsigned order) { (void)addr; (void)order; }
static inline void free_page(unsigned long addr) { (void)addr; }

/* ---- work, RCU: run at once (no other CPU can still see the object) ------ */
struct work_struct { void (*func)(struct work_struct *); };
struct rcu_work { struct work_struct work; };
struct delayed_work { struct work_struct work; };
#define INIT_DELAYED_WORK(w, f) ((w)->work.func = (f))
#define to_delayed_work(w) container_of((w), struct delayed_work, work)
static inline bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *w, unsigned long delay)
{ (void)cpu; (void)wq; (void)w; (void)delay; return true; }
struct workqueue_struct { int unused; };
extern struct workqueue_struct *system_wq;
#define INIT_RCU_WORK(w, f) ((w)->work.func = (f))
#define INIT_WORK(w, f) ((w)->func = (f))
#define to_rcu_work(w) container_of((w), struct rcu_work, work)
static inline bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *w) { (void)wq; w->work.func(&w->work); return true; }
static inline bool schedule_work(struct work_struct *w) { w->func(w); return true; }
struct rcu_head { void *unused; };
#define kfree_rcu(p, field) kfree(p)
#define synchronize_rcu() do { } while (0)

/* ---- irq descriptors (kernel/irq/irqdesc.c, chip.c) ------------------------ */
struct irq_chip;
struct msi_desc;
struct irq_data {
	unsigned int irq;
	irq_hw_number_t hwirq;
	struct irq_chip *chip;
	void *chip_data;
	void *handler_data;
	struct msi_desc *msi_desc;
};
struct irq_chip {
	const char *name;
	unsigned int (*irq_startup)(struct irq_data *data);
	void (*irq_shutdown)(struct irq_data *data);
	void (*irq_enable)(struct irq_data *data);
	void (*irq_disable)(struct irq_data *data);
	void (*irq_ack)(struct irq_data *data);
	void (*irq_mask)(struct irq_data *data);
	void (*irq_mask_ack)(struct irq_data *data);
	void (*irq_unmask)(struct irq_data *data);
	void (*irq_eoi)(struct irq_data *data);
	int (*irq_set_affinity)(struct irq_data *data, const struct cpumask *dest, bool force);
	int (*irq_retrigger)(struct irq_data *data);
	unsigned long flags;
};
struct irq_desc;
typedef void (*irq_flow_handler_t)(struct irq_desc *desc);
void handle_edge_irq(struct irq_desc *desc);
void handle_fasteoi_irq(struct irq_desc *desc);
void handle_percpu_irq(struct irq_desc *desc);
void handle_level_irq(struct irq_desc *desc);
struct shim_irq {
	bool allocated;
	unsigned long status;
	struct irq_data data;
	const char *name;
};
extern struct shim_irq shim_irqs[SHIM_NR_IRQS];
#define IRQ_NOREQUEST (1ul << 0)
#define IRQ_NOAUTOEN (1ul << 1)
#define IRQ_MOVE_PCNTXT (1ul << 2)
#define IRQ_NOPROBE (1ul << 3)
#define IRQCHIP_SKIP_SET_WAKE (1ul << 0)
#define IRQCHIP_EOI_THREADED (1ul << 1)
#define IRQCHIP_MASK_ON_SUSPEND (1ul << 2)
static inline int nr_legacy_irqs(void) { return NR_IRQS_LEGACY; }
static inline struct irq_data *irq_get_irq_data(unsigned int irq)
{
	return irq < SHIM_NR_IRQS && shim_irqs[irq].allocated ? &shim_irqs[irq].data : NULL;
}
static inline void *irq_get_chip_data(unsigned int irq) { struct irq_data *d = irq_get_irq_data(irq); return d ? d->chip_data : NULL; }
static inline int irq_set_chip_data(unsigned int irq, void *p)
{
	struct irq_data *d = irq_get_irq_data(irq);
	if (!d) return -EINVAL;
	d->chip_data = p;
	return 0;
}
static inline void *irq_get_handler_data(unsigned int irq) { struct irq_data *d = irq_get_irq_data(irq); return d ? d->handler_data : NULL; }
static inline int irq_set_handler_data(unsigned int irq, void *p)
{
	struct irq_data *d = irq_get_irq_data(irq);
	if (!d) return -EINVAL;
	d->handler_data = p;
	return 0;
}
static inline void *irq_data_get_irq_chip_data(struct irq_data *d) { return d->chip_data; }
static inline void *irq_data_get_irq_handler_data(struct irq_data *d) { return d->handler_data; }
static inline void irq_set_chip_and_handler_name(unsigned int irq, struct irq_chip *chip, irq_flow_handler_t h, const char *name)
{
	(void)h;
	struct irq_data *d = irq_get_irq_data(irq);
	if (d) { d->chip = chip; shim_irqs[irq].name = name; }
}
static inline void irq_set_chip_and_handler(unsigned int irq, struct irq_chip *chip, irq_flow_handler_t h)
{
	irq_set_chip_and_handler_name(irq, chip, h, NULL);
}
static inline void irq_set_status_flags(unsigned int irq, unsigned long set)
{
	if (irq < SHIM_NR_IRQS) shim_irqs[irq].status |= set;
}
static inline void irq_clear_status_flags(unsigned int irq, unsigned long clr)
{
	if (irq < SHIM_NR_IRQS) shim_irqs[irq].status &= ~clr;
}
static inline void irq_set_noprobe(unsigned int irq) { irq_set_status_flags(irq, IRQ_NOPROBE); }
static inline void irq_data_update_affinity(struct irq_data *d, const struct cpumask *m) { (void)d; (void)m; }
static inline void irq_data_update_effective_affinity(struct irq_data *d, const struct cpumask *m) { (void)d; (void)m; }
static inline void cpumask_copy(struct cpumask *dst, const struct cpumask *src) { *dst = *src; }
static inline unsigned int cpumask_first_and(const struct cpumask *a, const struct cpumask *b) { (void)a; (void)b; return 0; }
#define cpu_online_mask (&shim_cpu0_mask)
#define for_each_cpu_and(cpu, a, b) for ((cpu) = 0; (cpu) < 1; (cpu)++)
static inline const struct cpumask *irq_get_affinity_mask(unsigned int irq) { (void)irq; return &shim_cpu0_mask; }
/* No affinity change is ever pending and no irq is disabled by the core:
 * the model has one CPU and no irq_disable. */
static inline bool irqd_is_setaffinity_pending(struct irq_data *d) { (void)d; return false; }
static inline bool irqd_irq_disabled(struct irq_data *d) { (void)d; return false; }
static inline void irq_move_masked_irq(struct irq_data *d) { (void)d; }
#define panic(...) shim_bug(__FILE__, __LINE__, "panic()")
/* irq_alloc_descs(irq, from, cnt, node): pirqsim names irqs by slot, so
 * the host picks the numbers (real_host.irq_number) for the descriptor
 * being set up (shim_current_desc); any other use is refused. */
int shim_irq_alloc_descs(int irq, unsigned int from, unsigned int cnt, int node);
void shim_irq_free_descs(unsigned int irq, unsigned int cnt);
#define irq_alloc_descs(irq, from, cnt, node) shim_irq_alloc_descs((irq), (from), (cnt), (node))
#define irq_alloc_desc(node) shim_irq_alloc_descs(-1, 0, 1, (node))
#define irq_alloc_desc_from(from, node) shim_irq_alloc_descs(-1, (from), 1, (node))
#define irq_alloc_descs_from(from, cnt, node) shim_irq_alloc_descs(-1, (from), (cnt), (node))
#define irq_alloc_desc_at(at, node) shim_irq_alloc_descs((at), (at), 1, (node))
#define irq_free_desc(irq) shim_irq_free_descs((irq), 1)
#define irq_free_descs(irq, cnt) shim_irq_free_descs((irq), (cnt))

/* ---- PCI devices and MSI descriptors ---------------------------------------- */
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11
struct device {
	const char *init_name;
	struct list_head msi_list;      /* <= 5.x: the device's MSI descriptors */
};
struct pci_dev {
	struct device dev;
	unsigned int devfn;
	unsigned int irq;
	unsigned int msi_enabled : 1;
	unsigned int msix_enabled : 1;
	struct list_head msi_list;      /* <= 3.x: pdev->msi_list */
	int shim_index;                 /* pirqsim's device number */
};
#define to_pci_dev(d) container_of((d), struct pci_dev, dev)
#define dev_is_pci(d) ((void)(d), true)
struct msi_msg {
	union {
		u32 address_lo;
		struct {                     /* x86 layout (>= 5.10: arch_addr_lo) */
			u32 reserved_0 : 2;
			u32 dest_mode_logical : 1;
			u32 redirect_hint : 1;
			u32 reserved_1 : 1;
			u32 virt_destid_8_14 : 7;
			u32 destid_0_7 : 8;
			u32 base_address : 12;
		} arch_addr_lo;
	};
	union {
		u32 address_hi;
		struct {
			u32 reserved : 8;
			u32 destid_8_31 : 24;
		} arch_addr_hi;
	};
	union {
		u32 data;
		struct {
			u32 vector : 8;
			u32 delivery_mode : 3;
			u32 dest_mode_logical : 1;
			u32 reserved : 2;
			u32 active_low : 1;
			u32 is_level : 1;
			u32 reserved2 : 16;
		} arch_data;
	};
};
/* x86's message constants (arch/x86/include/asm/msidef.h, msi.h, apicdef.h). */
#define X86_MSI_BASE_ADDRESS_LOW (0xfee00000u >> 20)
#define X86_MSI_BASE_ADDRESS_HIGH 0u
#define APIC_DELIVERY_MODE_EXTINT 7u
#define MSI_ADDR_BASE_HI 0u
#define MSI_ADDR_BASE_LO 0xfee00000u
#define MSI_ADDR_DEST_MODE_PHYSICAL 0u
#define MSI_ADDR_REDIRECTION_CPU 0u
#define MSI_ADDR_DEST_ID_SHIFT 12
#define MSI_ADDR_DEST_ID_MASK 0x00ffff0u
#define MSI_ADDR_DEST_ID(dest) (((dest) << MSI_ADDR_DEST_ID_SHIFT) & 0x000ff000u)
#define MSI_ADDR_EXT_DEST_ID(dest) ((dest) & 0xffffff00u)
#define MSI_DATA_VECTOR_SHIFT 0
#define MSI_DATA_VECTOR_MASK 0x000000ffu
#define MSI_DATA_VECTOR(v) (((v) << MSI_DATA_VECTOR_SHIFT) & MSI_DATA_VECTOR_MASK)
#define MSI_DATA_DELIVERY_MODE_SHIFT 8
#define MSI_DATA_LEVEL_SHIFT 14
#define MSI_DATA_LEVEL_ASSERT (1u << MSI_DATA_LEVEL_SHIFT)
#define MSI_DATA_TRIGGER_SHIFT 15
#define MSI_DATA_TRIGGER_EDGE (0u << MSI_DATA_TRIGGER_SHIFT)
/* Edge, assert, delivery mode 3, vector 0: arch/x86/pci/xen.c defines it
 * itself in 4.x, asm/xen/pci.h in others. */
#ifndef XEN_PIRQ_MSI_DATA
#define XEN_PIRQ_MSI_DATA 0x4300u
#endif
struct msi_desc {
	struct list_head list;
	unsigned int irq;
	unsigned int nvec_used;
	struct device *dev;
	struct msi_msg msg;
	u16 msi_index;                  /* >= 5.17 */
	struct {
		u8 is_msix : 1;
		u8 multiple : 3;
		u8 multi_cap : 3;
		u8 maskbit : 1;
		u8 is_64 : 1;
		u16 entry_nr;
		unsigned default_irq;
	} msi_attrib;
	struct pci_dev *shim_pdev;
	int shim_entry;
};
enum msi_desc_filter { MSI_DESC_ALL, MSI_DESC_NOTASSOCIATED, MSI_DESC_ASSOCIATED };
struct msi_desc *shim_msi_next(struct device *dev, struct msi_desc *from, enum msi_desc_filter filter);
#define msi_for_each_desc(desc, dev, filter) \
	for ((desc) = shim_msi_next((dev), NULL, (filter)); (desc); (desc) = shim_msi_next((dev), (desc), (filter)))
#define dev_to_msi_list(dev) (&(dev)->msi_list)
#define first_msi_entry(dev) list_first_entry(dev_to_msi_list((dev)), struct msi_desc, list)
#define for_each_msi_entry(desc, dev) list_for_each_entry((desc), dev_to_msi_list((dev)), list)
#define first_pci_msi_entry(pdev) first_msi_entry(&(pdev)->dev)
#define for_each_pci_msi_entry(desc, pdev) for_each_msi_entry((desc), &(pdev)->dev)
#define msi_desc_to_pci_dev(desc) ((desc)->shim_pdev)
void __pci_write_msi_msg(struct msi_desc *entry, struct msi_msg *msg);
void __pci_read_msi_msg(struct msi_desc *entry, struct msi_msg *msg);
int irq_set_msi_desc(unsigned int irq, struct msi_desc *desc);
static inline int msi_device_populate_sysfs(struct device *dev) { (void)dev; return 0; }
static inline void msi_device_destroy_sysfs(struct device *dev) { (void)dev; }
static inline const char *dev_name(const struct device *dev) { return dev->init_name; }

#define dev_err(dev, fmt, ...) shim_log(REAL_LOG_DEV_ERR, to_pci_dev(dev)->shim_index, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) shim_log(REAL_LOG_PR_WARN, to_pci_dev(dev)->shim_index, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) shim_log(REAL_LOG_PR_INFO, to_pci_dev(dev)->shim_index, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) shim_log(REAL_LOG_DEV_DBG, to_pci_dev(dev)->shim_index, fmt, ##__VA_ARGS__)

/* ---- Xen ------------------------------------------------------------------- */
#define xen_initial_domain() 0
#define xen_pv_domain() 0
#define xen_hvm_domain() 1
#define xen_domain() 1
#define xen_pvh_domain() 0
static inline int HYPERVISOR_physdev_op(int cmd, void *arg) { return shim_host->physdev_op(shim_host->data, cmd, arg); }
static inline int HYPERVISOR_event_channel_op(int cmd, void *arg) { return shim_host->event_channel_op(shim_host->data, cmd, arg); }
/* arch/x86/include/asm/xen/events.h */
enum ipi_vector {
	XEN_RESCHEDULE_VECTOR,
	XEN_CALL_FUNCTION_VECTOR,
	XEN_CALL_FUNCTION_SINGLE_VECTOR,
	XEN_SPIN_UNLOCK_VECTOR,
	XEN_IRQ_WORK_VECTOR,
	XEN_NMI_VECTOR,
	XEN_NR_IPIS,
};
struct xenbus_device { atomic_t event_channels; };
struct evtchn_loop_ctrl;
#define XEN_EOI_FLAG_SPURIOUS 0x00000001u
typedef uint64_t u64_jiffies;
extern unsigned long jiffies;

#endif
