/* cmd-table: the list of console commands. A new command is a new cmd-*.c file plus one line here. */
#include <stdlib.h>
#include <strings.h>

#include "cmd/cmd.h"

extern const struct cmd_entry cmd_connect_entry, cmd_starttls_entry, cmd_ehlo_entry, cmd_trust_entry,
	cmd_close_entry, cmd_leave_entry, cmd_quit_entry, cmd_sleep_entry, cmd_auth_entry, cmd_data_entry,
	cmd_body_entry, cmd_expect_entry, cmd_pipeline_entry, cmd_end_entry, cmd_raw_entry, cmd_hex_entry,
	cmd_hello_tls_entry, cmd_eol_entry, cmd_chunk_entry, cmd_delay_entry, cmd_caps_entry, cmd_diff_entry,
	cmd_tls_entry, cmd_help_entry, cmd_mailbox_entry, cmd_lesson_entry, cmd_attach_entry;
extern const struct cmd_entry cmd_cert_entry;
extern const struct cmd_entry cmd_explain_entry, cmd_mx_entry, cmd_dane_entry;
extern const struct cmd_entry cmd_mtasts_entry; /* MTA-STS and TLS-RPT (cmd-mtasts.c) */
/* wire (issue 6): BDAT, replay, save, probes, PROXY */
extern const struct cmd_entry cmd_bdat_entry, cmd_bdat_next_entry, cmd_answer_entry, cmd_sasl_show_entry,
	cmd_replay_entry, cmd_save_entry, cmd_proxy_entry, cmd_probe_entry, cmd_probe_step_entry;
extern const struct cmd_entry cmd_set_entry, cmd_bind_entry; /* options and key bindings (cmd-set.c) */
extern const struct cmd_entry cmd_client_entry;              /* listen mode: one client alone (cmd-client.c) */

/* Each command with what the console must know before it runs it (enum cmd_flag). */
const struct cmd_row cmd_table[] = {
	{&cmd_connect_entry, 0},
	{&cmd_starttls_entry, CMD_F_CONNECTED},
	{&cmd_ehlo_entry, CMD_F_CONNECTED},
	{&cmd_auth_entry, CMD_F_CONNECTED},
	{&cmd_data_entry, CMD_F_CONNECTED},
	{&cmd_attach_entry, 0},
	{&cmd_expect_entry, 0},
	{&cmd_raw_entry, CMD_F_CONNECTED},
	{&cmd_hex_entry, CMD_F_CONNECTED},
	{&cmd_hello_tls_entry, CMD_F_CONNECTED},
	{&cmd_eol_entry, 0},
	{&cmd_chunk_entry, 0},
	{&cmd_delay_entry, 0},
	{&cmd_pipeline_entry, CMD_F_CONNECTED},
	{&cmd_end_entry, 0},
	{&cmd_caps_entry, 0},
	{&cmd_diff_entry, 0},
	{&cmd_tls_entry, 0},
	{&cmd_cert_entry, 0},
	{&cmd_trust_entry, 0},
	{&cmd_sleep_entry, 0},
	{&cmd_close_entry, 0},
	{&cmd_quit_entry, 0},
	{&cmd_leave_entry, 0},
	{&cmd_mailbox_entry, 0},
	{&cmd_client_entry, 0},
	{&cmd_lesson_entry, 0},
	{&cmd_help_entry, 0},
	{&cmd_explain_entry, 0},
	{&cmd_mx_entry, 0},
	{&cmd_mtasts_entry, 0},
	{&cmd_dane_entry, 0},
	{&cmd_body_entry, 0},
	{&cmd_bdat_entry, CMD_F_CONNECTED},
	{&cmd_bdat_next_entry, CMD_F_CONNECTED},
	{&cmd_answer_entry, CMD_F_CONNECTED},
	{&cmd_sasl_show_entry, 0},
	{&cmd_replay_entry, 0},
	{&cmd_save_entry, 0},
	{&cmd_proxy_entry, 0},
	{&cmd_set_entry, 0},
	{&cmd_bind_entry, 0},
	{&cmd_probe_entry, 0},
	{&cmd_probe_step_entry, 0},
	{NULL, 0},
};

const struct cmd_row *cmd_find_row(const char *name)
{
	for (size_t i = 0; cmd_table[i].entry; i++) {
		const struct cmd_entry *e = cmd_table[i].entry;
		if (strcasecmp(e->name, name) == 0 || (e->alias && strcasecmp(e->alias, name) == 0))
			return &cmd_table[i];
	}
	return NULL;
}

const struct cmd_entry *cmd_find(const char *name)
{
	const struct cmd_row *row = cmd_find_row(name);
	return row ? row->entry : NULL;
}

static struct console_cmd_info *infos;

const struct console_cmd_info *console_commands(void)
{
	if (infos == NULL) {
		size_t n = 0;
		while (cmd_table[n].entry)
			n++;
		infos = calloc(n + 1, sizeof *infos);
		if (infos == NULL)
			abort();
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (cmd_table[i].entry->help == NULL)
				continue;
			infos[k++] = (struct console_cmd_info){cmd_table[i].entry->name, cmd_table[i].entry->args,
							       cmd_table[i].entry->help};
		}
	}
	return infos;
}
