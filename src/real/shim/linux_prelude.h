/*
 * linux_prelude.h - first in the translation unit tools/real/build.py
 * makes, after the shim: declarations the extracts use but stop at.
 *
 * xen_pirq_chip: its definition (drivers/xen/events) names every callback
 * of the pirq chip; the extract stops there (--omit), and the glue calls
 * startup_pirq and shutdown_pirq itself, as request_irq and free_irq do
 * through the chip.  A tentative definition, compatible with the forward
 * declaration the events code has of its own.
 */
static struct irq_chip xen_pirq_chip;
