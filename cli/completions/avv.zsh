#compdef avv

autoload -U is-at-least

_avv() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_avv_commands" \
"*::: :->avv" \
&& ret=0
    case $state in
    (avv)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-command-$line[1]:"
        case $line[1] in
            (validate)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:((human\:"rustc-style text with the source underlined"
json\:"One JSON document (stable, versioned; see the README)"
github\:"GitHub Actions workflow annotations"
sarif\:"SARIF 2.1.0 for code-scanning dashboards such as GitHub code scanning; paths relative to the repository root"))' \
'--deny=[Treat warnings as errors for the exit code]:DENY:((warnings\:"Warnings fail the run"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'--quiet[Hide informational notes (human format only)]' \
'--no-cache[Validate every folder afresh\: neither read nor update the cache of unchanged folders'\'' findings (\`.git/avv/validate-cache.json\`)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::paths -- Agreement folders (or their names, `pcvisit`), files, an `agreements/` folder or the repository. Default\: every agreement in the repository'\''s `agreements/`:_files' \
&& ret=0
;;
(render)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:((md\:"Markdown (CommonMark)"
html\:"A standalone HTML page"
pdf\:"PDF/A-2b"
docx\:"A Word document (Office Open XML), for review and redlining"))' \
'--out=[Write the document into this folder instead of stdout]:DIR:_files' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':path -- An agreement folder (or its name, `pcvisit`), or a customer instance file (`agreements/<id>/customers/<customer>.toml`):_files' \
'::version -- A version of the agreement (`1.7`; `entwurf` for the draft) to render as it was published, instead of the latest:_default' \
&& ret=0
;;
(build)
_arguments "${_arguments_options[@]}" : \
'--out=[The site folder, replaced as a whole. Default\: \`site/\` in the repository root]:DIR:_files' \
'(--no-private)--private-out=[The folder for customer contracts that are not published, replaced as a whole. Default\: \`private/\` in the repository root]:DIR:_files' \
'(--no-cache)--cache-dir=[The render cache folder. Default\: \`AVV_CACHE_DIR\` when it is set and not empty, else \`.git/avv/cache\`. Customer contracts are cached apart, in \`<DIR>-private\`]:DIR:_files' \
'(--merge)--shard=[Render only share K of N of the documents into \`--out\`, a shard folder for \`--merge\` (no pages, no index). Every shard must run on the same commit]:K/N:_default' \
'*--merge=[Build the site taking every document from these shard folders (all N of them) instead of rendering it]:DIR:_files' \
'--format=[Output format\: a summary for people, or one JSON document saying what was written (folders, counts, the cache) with the findings]:FORMAT:((human\:"Findings on stderr, a summary on stdout"
json\:"\`{"version"\: 1, "built", "out", "documents", "files", "private", "cache", "diagnostics", …}\`"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'--no-private[Do not build the customer contracts that are not published]' \
'--no-cache[Render every document, without reading or writing the cache]' \
'(--no-private)--shard-private[Put the customer contracts that are not published into the shard folder too. They hold personal data\: a shard is left without them unless this is given (the merge then renders them itself), and a shard with them must be kept like \`private/\`]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:((human\:"Coloured text for the terminal"
markdown\:"Markdown for a pull-request comment or job summary"
json\:"JSON (see the README)"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::args -- `\[<rev-a>\] \[<rev-b>\] \[PATH…\]`:_default' \
&& ret=0
;;
(fmt)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format\: file names and a summary for people, or one JSON document with every file'\''s status and the findings of files that could not be formatted]:FORMAT:((human\:"File names on stdout, a summary on stderr"
json\:"\`{"version"\: 1, "check", "files"\: \[{path, status}\], "diagnostics", "summary"}\`"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'--check[Write nothing\: list the files that are not canonical and exit 1 if there are any]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::paths -- Files, agreement folders (or their names, `pcvisit`), an `agreements/` folder or the repository. Default\: every file in the repository'\''s `agreements/`, and `avv.toml`:_files' \
&& ret=0
;;
(history)
_arguments "${_arguments_options[@]}" : \
'--until=[Read the history up to this revision instead of HEAD]:REV:_default' \
'--format=[Output format]:FORMAT:((text\:"An aligned text table"
markdown\:"A Markdown table"
json\:"JSON with the structured changes of every row"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':agreement -- The agreement\: its id or its folder:_default' \
&& ret=0
;;
(notice)
_arguments "${_arguments_options[@]}" : \
'--date=[The date of the notice (default\: today), e.g. 2024-03-01]:YYYY-MM-DD:_default' \
'--format=[Output format]:FORMAT:((markdown\:"A German letter in Markdown"
json\:"JSON"
pdf\:"A letter as PDF/A-2b"
docx\:"A letter as a Word file (DOCX)"))' \
'(--letters)--out=[Write the letter to FILE instead of standard output (needed for PDF and Word)]:FILE:_files' \
'--letters=[Write one letter per affected customer into DIR, addressed to it]:DIR:_files' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':agreement -- The agreement\: its id or its folder:_default' \
'::range -- The changes to announce, as `<rev-a>..<rev-b>`; a side may be a version of the agreement (`1.7..1.8`):_default' \
&& ret=0
;;
(hook)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
":: :_avv__subcmd__hook_commands" \
"*::: :->hook" \
&& ret=0

    case $state in
    (hook)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-hook-command-$line[1]:"
        case $line[1] in
            (pre-commit)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format\: findings on stderr for people (what git shows), or one JSON document on stdout for tools]:FORMAT:((human\:"rustc-style findings on stderr"
json\:"\`{"version"\: 1, "refused", "agreements", "diagnostics"}\` on stdout"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(pre-merge-commit)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format\: findings on stderr for people (what git shows), or one JSON document on stdout for tools]:FORMAT:((human\:"rustc-style findings on stderr"
json\:"\`{"version"\: 1, "refused", "agreements", "diagnostics"}\` on stdout"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(pre-push)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format\: findings on stderr for people (what git shows), or one JSON document on stdout for tools]:FORMAT:((human\:"rustc-style findings on stderr, one block per commit"
json\:"\`{"version"\: 1, "refused", "merges", "commits"\: \[{commit, subject, agreements, refused, diagnostics}\]}\` on stdout"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'::remote -- The remote'\''s name, or the URL pushed to (git passes it):_default' \
'::url -- The URL pushed to (git passes it; not used):_default' \
&& ret=0
;;
(range)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:((human\:"rustc-style text, one block per commit"
github\:"GitHub Actions workflow annotations"
json\:"\`{"version"\: 1, "refused", "merges", "commits"\: \[{commit, subject, agreements, refused, diagnostics}\]}\`"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':range -- The commits to check\: `main...HEAD` (what a pull request adds) or `A..B`:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__hook__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-hook-help-command-$line[1]:"
        case $line[1] in
            (pre-commit)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(pre-merge-commit)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(pre-push)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(range)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(hooks)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
":: :_avv__subcmd__hooks_commands" \
"*::: :->hooks" \
&& ret=0

    case $state in
    (hooks)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-hooks-command-$line[1]:"
        case $line[1] in
            (install)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'--force[Replace hooks that avv did not write]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(uninstall)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__hooks__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-hooks-help-command-$line[1]:"
        case $line[1] in
            (install)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(uninstall)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(new)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
":: :_avv__subcmd__new_commands" \
"*::: :->new" \
&& ret=0

    case $state in
    (new)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-new-command-$line[1]:"
        case $line[1] in
            (agreement)
_arguments "${_arguments_options[@]}" : \
'--title=[The title]:TITLE:_default' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':id -- The new agreement'\''s id (kebab-case; the folder name):_default' \
&& ret=0
;;
(customer)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':agreement -- The agreement'\''s id:_default' \
':customer -- The customer'\''s id (the file name):_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__new__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-new-help-command-$line[1]:"
        case $line[1] in
            (agreement)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(customer)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(import)
_arguments "${_arguments_options[@]}" : \
'--id=[The new agreement'\''s id, the folder name (kebab-case). Default\: the file name in kebab-case]:ID:_default' \
'--kind=[The kind of document. Default\: \`annex\` for a standalone TOM annex, \`template\` when the text has blanks, else \`standard\`]:KIND:((template\:"A form with blanks and alternatives, filled per customer"
standard\:"Terms that apply to every customer alike"
annex\:"A standalone annex (a TOM annex)"))' \
'--out=[The folder to create the agreement folder in. Default\: the repository'\''s \`agreements/\`]:OUT:_files' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'--check[Render the result back to Markdown and print its word-level similarity with the source and the largest differing passages]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':file -- The document\: `.md`/`.markdown`, `.docx`, anything else is read as text:_files' \
&& ret=0
;;
(schema)
_arguments "${_arguments_options[@]}" : \
'--out=[Write every schema into this folder instead of printing one]:DIR:_files' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'::kind -- Which schema to print:((agreement\:"\`agreement.toml\`"
tom\:"\`tom.toml\`"
subprocessors\:"\`subprocessors.toml\`"
customer\:"\`customers/<customer>.toml\`"))' \
&& ret=0
;;
(rules)
_arguments "${_arguments_options[@]}" : \
'--format=[Output format]:FORMAT:((text\:"One line per rule\: code, severity, what it checks"
markdown\:"A Markdown table, as in \`docs/rules.md\`"
json\:"JSON\: \`{"version"\: 1, "rules"\: \[{code, severity, summary, rationale}\]}\`"))' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'(--format)--markdown[The same as \`--format markdown\` (kept for scripts that use it)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':shell -- The shell:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'()--out=[Write every page into this folder instead of printing one]:DIR:_files' \
'--color=[When to use colour\: auto follows the terminal and NO_COLOR]:COLOR:((auto\:"Colour when writing to a terminal and NO_COLOR is unset"
always\:"Always colour"
never\:"Never colour"))' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::command -- The subcommand whose page to print, e.g. `validate` or `hook range`:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-help-command-$line[1]:"
        case $line[1] in
            (validate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(render)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(build)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(fmt)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(history)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(notice)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(hook)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__help__subcmd__hook_commands" \
"*::: :->hook" \
&& ret=0

    case $state in
    (hook)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-help-hook-command-$line[1]:"
        case $line[1] in
            (pre-commit)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(pre-merge-commit)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(pre-push)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(range)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(hooks)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__help__subcmd__hooks_commands" \
"*::: :->hooks" \
&& ret=0

    case $state in
    (hooks)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-help-hooks-command-$line[1]:"
        case $line[1] in
            (install)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(uninstall)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(new)
_arguments "${_arguments_options[@]}" : \
":: :_avv__subcmd__help__subcmd__new_commands" \
"*::: :->new" \
&& ret=0

    case $state in
    (new)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:avv-help-new-command-$line[1]:"
        case $line[1] in
            (agreement)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(customer)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(import)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(schema)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(rules)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_avv_commands] )) ||
_avv_commands() {
    local commands; commands=(
'validate:Check agreements\: TOML syntax, JSON Schema and the legal/domain rules.' \
'render:Render one document\: an agreement, or one customer'\''s instance of it.' \
'build:Build the static site with every agreement, version and customer contract.' \
'diff:Compare versions of agreements\: classified changes and change texts.' \
'fmt:Rewrite agreement files in the canonical TOML layout, keeping comments.' \
'history:Print the version table (Versionshistorie) of an agreement, from git.' \
'notice:Write the Art. 28(2) notice of sub-processor changes for customers.' \
'hook:Run a git hook'\''s check (what the installed hook calls).' \
'hooks:Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks of this repository.' \
'new:Scaffold a new agreement or customer instance, then validate it.' \
'import:Import a Markdown, DOCX or plain-text agreement into a new folder.' \
'schema:Print or write the JSON Schemas of the agreement files.' \
'rules:List the validation rules with their codes and severities.' \
'completions:Print a shell completion script.' \
'man:Print a man page (roff), or write all of them into a folder.' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv commands' commands "$@"
}
(( $+functions[_avv__subcmd__build_commands] )) ||
_avv__subcmd__build_commands() {
    local commands; commands=()
    _describe -t commands 'avv build commands' commands "$@"
}
(( $+functions[_avv__subcmd__completions_commands] )) ||
_avv__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'avv completions commands' commands "$@"
}
(( $+functions[_avv__subcmd__diff_commands] )) ||
_avv__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'avv diff commands' commands "$@"
}
(( $+functions[_avv__subcmd__fmt_commands] )) ||
_avv__subcmd__fmt_commands() {
    local commands; commands=()
    _describe -t commands 'avv fmt commands' commands "$@"
}
(( $+functions[_avv__subcmd__help_commands] )) ||
_avv__subcmd__help_commands() {
    local commands; commands=(
'validate:Check agreements\: TOML syntax, JSON Schema and the legal/domain rules.' \
'render:Render one document\: an agreement, or one customer'\''s instance of it.' \
'build:Build the static site with every agreement, version and customer contract.' \
'diff:Compare versions of agreements\: classified changes and change texts.' \
'fmt:Rewrite agreement files in the canonical TOML layout, keeping comments.' \
'history:Print the version table (Versionshistorie) of an agreement, from git.' \
'notice:Write the Art. 28(2) notice of sub-processor changes for customers.' \
'hook:Run a git hook'\''s check (what the installed hook calls).' \
'hooks:Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks of this repository.' \
'new:Scaffold a new agreement or customer instance, then validate it.' \
'import:Import a Markdown, DOCX or plain-text agreement into a new folder.' \
'schema:Print or write the JSON Schemas of the agreement files.' \
'rules:List the validation rules with their codes and severities.' \
'completions:Print a shell completion script.' \
'man:Print a man page (roff), or write all of them into a folder.' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv help commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__build_commands] )) ||
_avv__subcmd__help__subcmd__build_commands() {
    local commands; commands=()
    _describe -t commands 'avv help build commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__completions_commands] )) ||
_avv__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'avv help completions commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__diff_commands] )) ||
_avv__subcmd__help__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'avv help diff commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__fmt_commands] )) ||
_avv__subcmd__help__subcmd__fmt_commands() {
    local commands; commands=()
    _describe -t commands 'avv help fmt commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__help_commands] )) ||
_avv__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'avv help help commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__history_commands] )) ||
_avv__subcmd__help__subcmd__history_commands() {
    local commands; commands=()
    _describe -t commands 'avv help history commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hook_commands] )) ||
_avv__subcmd__help__subcmd__hook_commands() {
    local commands; commands=(
'pre-commit:Check what is staged for commit\: the staged agreement files (not the working tree) with every rule, and the change policy of \`avv.toml\` (new version for a content change, justification for a removed or weakened TOM measure)' \
'pre-merge-commit:Check the merge git is about to commit without conflicts (what the installed \`pre-merge-commit\` hook calls)\: the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied\: such a merge adds nothing of its own, and each side'\''s commits were held to it. A merge with conflicts is concluded by \`git commit\`, which runs the pre-commit check' \
'pre-push:Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed \`pre-push\` hook calls, with the refs being pushed on standard input)\: git runs no commit hook for cherry-pick, revert, rebase, am or \`commit --no-verify\`, so their commits are caught here, before CI. The policy is \`avv.toml\` as the pushed commits'\'' base has it. Under the pre-commit framework'\''s \`pre-push\` stage the push is read from its environment' \
'range:Check every commit of a revision range as the pre-commit hook checks a commit, for CI\: a commit made with \`--no-verify\`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had\: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is \`avv.toml\` as it is at the start of the range, so a pull request cannot loosen its own checks' \
    )
    _describe -t commands 'avv help hook commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hook__subcmd__pre-commit_commands] )) ||
_avv__subcmd__help__subcmd__hook__subcmd__pre-commit_commands() {
    local commands; commands=()
    _describe -t commands 'avv help hook pre-commit commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hook__subcmd__pre-merge-commit_commands] )) ||
_avv__subcmd__help__subcmd__hook__subcmd__pre-merge-commit_commands() {
    local commands; commands=()
    _describe -t commands 'avv help hook pre-merge-commit commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hook__subcmd__pre-push_commands] )) ||
_avv__subcmd__help__subcmd__hook__subcmd__pre-push_commands() {
    local commands; commands=()
    _describe -t commands 'avv help hook pre-push commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hook__subcmd__range_commands] )) ||
_avv__subcmd__help__subcmd__hook__subcmd__range_commands() {
    local commands; commands=()
    _describe -t commands 'avv help hook range commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hooks_commands] )) ||
_avv__subcmd__help__subcmd__hooks_commands() {
    local commands; commands=(
'install:Install the pre-commit, pre-merge-commit and pre-push hooks (honours \`core.hooksPath\`). Installing again is harmless; a hook avv did not write is only replaced with \`--force\`' \
'uninstall:Remove the hooks avv wrote (honours \`core.hooksPath\`); a hook of that name that avv did not write is kept. Removing again is harmless' \
    )
    _describe -t commands 'avv help hooks commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hooks__subcmd__install_commands] )) ||
_avv__subcmd__help__subcmd__hooks__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'avv help hooks install commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__hooks__subcmd__uninstall_commands] )) ||
_avv__subcmd__help__subcmd__hooks__subcmd__uninstall_commands() {
    local commands; commands=()
    _describe -t commands 'avv help hooks uninstall commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__import_commands] )) ||
_avv__subcmd__help__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'avv help import commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__man_commands] )) ||
_avv__subcmd__help__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'avv help man commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__new_commands] )) ||
_avv__subcmd__help__subcmd__new_commands() {
    local commands; commands=(
'agreement:A minimal valid agreement in \`agreements/<id>/\`, with a clause for each Art. 28(3) item to fill in' \
'customer:A customer instance in \`agreements/<agreement>/customers/<customer>.toml\` listing every placeholder and choice of the agreement' \
    )
    _describe -t commands 'avv help new commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__new__subcmd__agreement_commands] )) ||
_avv__subcmd__help__subcmd__new__subcmd__agreement_commands() {
    local commands; commands=()
    _describe -t commands 'avv help new agreement commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__new__subcmd__customer_commands] )) ||
_avv__subcmd__help__subcmd__new__subcmd__customer_commands() {
    local commands; commands=()
    _describe -t commands 'avv help new customer commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__notice_commands] )) ||
_avv__subcmd__help__subcmd__notice_commands() {
    local commands; commands=()
    _describe -t commands 'avv help notice commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__render_commands] )) ||
_avv__subcmd__help__subcmd__render_commands() {
    local commands; commands=()
    _describe -t commands 'avv help render commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__rules_commands] )) ||
_avv__subcmd__help__subcmd__rules_commands() {
    local commands; commands=()
    _describe -t commands 'avv help rules commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__schema_commands] )) ||
_avv__subcmd__help__subcmd__schema_commands() {
    local commands; commands=()
    _describe -t commands 'avv help schema commands' commands "$@"
}
(( $+functions[_avv__subcmd__help__subcmd__validate_commands] )) ||
_avv__subcmd__help__subcmd__validate_commands() {
    local commands; commands=()
    _describe -t commands 'avv help validate commands' commands "$@"
}
(( $+functions[_avv__subcmd__history_commands] )) ||
_avv__subcmd__history_commands() {
    local commands; commands=()
    _describe -t commands 'avv history commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook_commands] )) ||
_avv__subcmd__hook_commands() {
    local commands; commands=(
'pre-commit:Check what is staged for commit\: the staged agreement files (not the working tree) with every rule, and the change policy of \`avv.toml\` (new version for a content change, justification for a removed or weakened TOM measure)' \
'pre-merge-commit:Check the merge git is about to commit without conflicts (what the installed \`pre-merge-commit\` hook calls)\: the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied\: such a merge adds nothing of its own, and each side'\''s commits were held to it. A merge with conflicts is concluded by \`git commit\`, which runs the pre-commit check' \
'pre-push:Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed \`pre-push\` hook calls, with the refs being pushed on standard input)\: git runs no commit hook for cherry-pick, revert, rebase, am or \`commit --no-verify\`, so their commits are caught here, before CI. The policy is \`avv.toml\` as the pushed commits'\'' base has it. Under the pre-commit framework'\''s \`pre-push\` stage the push is read from its environment' \
'range:Check every commit of a revision range as the pre-commit hook checks a commit, for CI\: a commit made with \`--no-verify\`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had\: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is \`avv.toml\` as it is at the start of the range, so a pull request cannot loosen its own checks' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv hook commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__help_commands] )) ||
_avv__subcmd__hook__subcmd__help_commands() {
    local commands; commands=(
'pre-commit:Check what is staged for commit\: the staged agreement files (not the working tree) with every rule, and the change policy of \`avv.toml\` (new version for a content change, justification for a removed or weakened TOM measure)' \
'pre-merge-commit:Check the merge git is about to commit without conflicts (what the installed \`pre-merge-commit\` hook calls)\: the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied\: such a merge adds nothing of its own, and each side'\''s commits were held to it. A merge with conflicts is concluded by \`git commit\`, which runs the pre-commit check' \
'pre-push:Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed \`pre-push\` hook calls, with the refs being pushed on standard input)\: git runs no commit hook for cherry-pick, revert, rebase, am or \`commit --no-verify\`, so their commits are caught here, before CI. The policy is \`avv.toml\` as the pushed commits'\'' base has it. Under the pre-commit framework'\''s \`pre-push\` stage the push is read from its environment' \
'range:Check every commit of a revision range as the pre-commit hook checks a commit, for CI\: a commit made with \`--no-verify\`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had\: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is \`avv.toml\` as it is at the start of the range, so a pull request cannot loosen its own checks' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv hook help commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__help__subcmd__help_commands] )) ||
_avv__subcmd__hook__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook help help commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__help__subcmd__pre-commit_commands] )) ||
_avv__subcmd__hook__subcmd__help__subcmd__pre-commit_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook help pre-commit commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__help__subcmd__pre-merge-commit_commands] )) ||
_avv__subcmd__hook__subcmd__help__subcmd__pre-merge-commit_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook help pre-merge-commit commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__help__subcmd__pre-push_commands] )) ||
_avv__subcmd__hook__subcmd__help__subcmd__pre-push_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook help pre-push commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__help__subcmd__range_commands] )) ||
_avv__subcmd__hook__subcmd__help__subcmd__range_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook help range commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__pre-commit_commands] )) ||
_avv__subcmd__hook__subcmd__pre-commit_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook pre-commit commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__pre-merge-commit_commands] )) ||
_avv__subcmd__hook__subcmd__pre-merge-commit_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook pre-merge-commit commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__pre-push_commands] )) ||
_avv__subcmd__hook__subcmd__pre-push_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook pre-push commands' commands "$@"
}
(( $+functions[_avv__subcmd__hook__subcmd__range_commands] )) ||
_avv__subcmd__hook__subcmd__range_commands() {
    local commands; commands=()
    _describe -t commands 'avv hook range commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks_commands] )) ||
_avv__subcmd__hooks_commands() {
    local commands; commands=(
'install:Install the pre-commit, pre-merge-commit and pre-push hooks (honours \`core.hooksPath\`). Installing again is harmless; a hook avv did not write is only replaced with \`--force\`' \
'uninstall:Remove the hooks avv wrote (honours \`core.hooksPath\`); a hook of that name that avv did not write is kept. Removing again is harmless' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv hooks commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks__subcmd__help_commands] )) ||
_avv__subcmd__hooks__subcmd__help_commands() {
    local commands; commands=(
'install:Install the pre-commit, pre-merge-commit and pre-push hooks (honours \`core.hooksPath\`). Installing again is harmless; a hook avv did not write is only replaced with \`--force\`' \
'uninstall:Remove the hooks avv wrote (honours \`core.hooksPath\`); a hook of that name that avv did not write is kept. Removing again is harmless' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv hooks help commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks__subcmd__help__subcmd__help_commands] )) ||
_avv__subcmd__hooks__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'avv hooks help help commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks__subcmd__help__subcmd__install_commands] )) ||
_avv__subcmd__hooks__subcmd__help__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'avv hooks help install commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks__subcmd__help__subcmd__uninstall_commands] )) ||
_avv__subcmd__hooks__subcmd__help__subcmd__uninstall_commands() {
    local commands; commands=()
    _describe -t commands 'avv hooks help uninstall commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks__subcmd__install_commands] )) ||
_avv__subcmd__hooks__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'avv hooks install commands' commands "$@"
}
(( $+functions[_avv__subcmd__hooks__subcmd__uninstall_commands] )) ||
_avv__subcmd__hooks__subcmd__uninstall_commands() {
    local commands; commands=()
    _describe -t commands 'avv hooks uninstall commands' commands "$@"
}
(( $+functions[_avv__subcmd__import_commands] )) ||
_avv__subcmd__import_commands() {
    local commands; commands=()
    _describe -t commands 'avv import commands' commands "$@"
}
(( $+functions[_avv__subcmd__man_commands] )) ||
_avv__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'avv man commands' commands "$@"
}
(( $+functions[_avv__subcmd__new_commands] )) ||
_avv__subcmd__new_commands() {
    local commands; commands=(
'agreement:A minimal valid agreement in \`agreements/<id>/\`, with a clause for each Art. 28(3) item to fill in' \
'customer:A customer instance in \`agreements/<agreement>/customers/<customer>.toml\` listing every placeholder and choice of the agreement' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv new commands' commands "$@"
}
(( $+functions[_avv__subcmd__new__subcmd__agreement_commands] )) ||
_avv__subcmd__new__subcmd__agreement_commands() {
    local commands; commands=()
    _describe -t commands 'avv new agreement commands' commands "$@"
}
(( $+functions[_avv__subcmd__new__subcmd__customer_commands] )) ||
_avv__subcmd__new__subcmd__customer_commands() {
    local commands; commands=()
    _describe -t commands 'avv new customer commands' commands "$@"
}
(( $+functions[_avv__subcmd__new__subcmd__help_commands] )) ||
_avv__subcmd__new__subcmd__help_commands() {
    local commands; commands=(
'agreement:A minimal valid agreement in \`agreements/<id>/\`, with a clause for each Art. 28(3) item to fill in' \
'customer:A customer instance in \`agreements/<agreement>/customers/<customer>.toml\` listing every placeholder and choice of the agreement' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'avv new help commands' commands "$@"
}
(( $+functions[_avv__subcmd__new__subcmd__help__subcmd__agreement_commands] )) ||
_avv__subcmd__new__subcmd__help__subcmd__agreement_commands() {
    local commands; commands=()
    _describe -t commands 'avv new help agreement commands' commands "$@"
}
(( $+functions[_avv__subcmd__new__subcmd__help__subcmd__customer_commands] )) ||
_avv__subcmd__new__subcmd__help__subcmd__customer_commands() {
    local commands; commands=()
    _describe -t commands 'avv new help customer commands' commands "$@"
}
(( $+functions[_avv__subcmd__new__subcmd__help__subcmd__help_commands] )) ||
_avv__subcmd__new__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'avv new help help commands' commands "$@"
}
(( $+functions[_avv__subcmd__notice_commands] )) ||
_avv__subcmd__notice_commands() {
    local commands; commands=()
    _describe -t commands 'avv notice commands' commands "$@"
}
(( $+functions[_avv__subcmd__render_commands] )) ||
_avv__subcmd__render_commands() {
    local commands; commands=()
    _describe -t commands 'avv render commands' commands "$@"
}
(( $+functions[_avv__subcmd__rules_commands] )) ||
_avv__subcmd__rules_commands() {
    local commands; commands=()
    _describe -t commands 'avv rules commands' commands "$@"
}
(( $+functions[_avv__subcmd__schema_commands] )) ||
_avv__subcmd__schema_commands() {
    local commands; commands=()
    _describe -t commands 'avv schema commands' commands "$@"
}
(( $+functions[_avv__subcmd__validate_commands] )) ||
_avv__subcmd__validate_commands() {
    local commands; commands=()
    _describe -t commands 'avv validate commands' commands "$@"
}

if [ "$funcstack[1]" = "_avv" ]; then
    _avv "$@"
else
    compdef _avv avv
fi
