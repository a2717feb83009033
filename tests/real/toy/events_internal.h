/* Toy: the event-channel operations table the harness's glue fills in. */
struct evtchn_ops {
	unsigned (*max_channels)(void);
	unsigned (*nr_channels)(void);
	int (*setup)(evtchn_port_t port);
	void (*bind_to_cpu)(evtchn_port_t port, unsigned int cpu, unsigned int old_cpu);
	void (*clear_pending)(evtchn_port_t port);
	void (*set_pending)(evtchn_port_t port);
	bool (*is_pending)(evtchn_port_t port);
	void (*mask)(evtchn_port_t port);
	void (*unmask)(evtchn_port_t port);
};
extern const struct evtchn_ops *evtchn_ops;
