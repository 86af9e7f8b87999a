# shellcheck shell=bash
# Shared by the cross-language tests: the integration helpers, the languages and their locales.
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib/common.sh"
t_require_smtpcon

# Every language of po/LINGUAS, with the UTF-8 locale tests/setup.sh generates for it.
I18N_LANGS=(pt_BR pt fr)
declare -A I18N_LOCALE=([pt_BR]=pt_BR.UTF-8 [pt]=pt_PT.UTF-8 [fr]=fr_FR.UTF-8)

# i18n_require_locales: the locales exist (tests/setup.sh makes them; CI never skips).
i18n_require_locales()
{
	local l have
	have=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z')
	for l in "${I18N_LANGS[@]}"; do
		grep -qx "$(printf '%s' "${I18N_LOCALE[$l]}" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')" <<<"$have" ||
			skip_or_fail "locale ${I18N_LOCALE[$l]} is not installed (bash tests/setup.sh generates it)"
	done
}
