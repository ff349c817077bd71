# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_avv_global_optspecs
    string join \n color= h/help V/version
end

function __fish_avv_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_avv_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_avv_using_subcommand
    set -l cmd (__fish_avv_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c avv -n "__fish_avv_needs_command" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_needs_command" -s V -l version -d 'Print version'
complete -c avv -n "__fish_avv_needs_command" -f -a "validate" -d 'Check agreements: TOML syntax, JSON Schema and the legal/domain rules.'
complete -c avv -n "__fish_avv_needs_command" -f -a "render" -d 'Render one document: an agreement, or one customer\'s instance of it.'
complete -c avv -n "__fish_avv_needs_command" -f -a "build" -d 'Build the static site with every agreement, version and customer contract.'
complete -c avv -n "__fish_avv_needs_command" -f -a "diff" -d 'Compare versions of agreements: classified changes and change texts.'
complete -c avv -n "__fish_avv_needs_command" -f -a "fmt" -d 'Rewrite agreement files in the canonical TOML layout, keeping comments.'
complete -c avv -n "__fish_avv_needs_command" -f -a "history" -d 'Print the version table (Versionshistorie) of an agreement, from git.'
complete -c avv -n "__fish_avv_needs_command" -f -a "notice" -d 'Write the Art. 28(2) notice of sub-processor changes for customers.'
complete -c avv -n "__fish_avv_needs_command" -f -a "hook" -d 'Run a git hook\'s check (what the installed hook calls).'
complete -c avv -n "__fish_avv_needs_command" -f -a "hooks" -d 'Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks of this repository.'
complete -c avv -n "__fish_avv_needs_command" -f -a "new" -d 'Scaffold a new agreement or customer instance, then validate it.'
complete -c avv -n "__fish_avv_needs_command" -f -a "import" -d 'Import a Markdown, DOCX or plain-text agreement into a new folder.'
complete -c avv -n "__fish_avv_needs_command" -f -a "schema" -d 'Print or write the JSON Schemas of the agreement files.'
complete -c avv -n "__fish_avv_needs_command" -f -a "rules" -d 'List the validation rules with their codes and severities.'
complete -c avv -n "__fish_avv_needs_command" -f -a "completions" -d 'Print a shell completion script.'
complete -c avv -n "__fish_avv_needs_command" -f -a "man" -d 'Print a man page (roff), or write all of them into a folder.'
complete -c avv -n "__fish_avv_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand validate" -l format -d 'Output format' -r -f -a "human\t'rustc-style text with the source underlined'
json\t'One JSON document (stable, versioned; see the README)'
github\t'GitHub Actions workflow annotations'
sarif\t'SARIF 2.1.0 for code-scanning dashboards such as GitHub code scanning; paths relative to the repository root'"
complete -c avv -n "__fish_avv_using_subcommand validate" -l deny -d 'Treat warnings as errors for the exit code' -r -f -a "warnings\t'Warnings fail the run'"
complete -c avv -n "__fish_avv_using_subcommand validate" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand validate" -l quiet -d 'Hide informational notes (human format only)'
complete -c avv -n "__fish_avv_using_subcommand validate" -l no-cache -d 'Validate every folder afresh: neither read nor update the cache of unchanged folders\' findings (`.git/avv/validate-cache.json`)'
complete -c avv -n "__fish_avv_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand render" -l format -d 'Output format' -r -f -a "md\t'Markdown (CommonMark)'
html\t'A standalone HTML page'
pdf\t'PDF/A-2b'
docx\t'A Word document (Office Open XML), for review and redlining'"
complete -c avv -n "__fish_avv_using_subcommand render" -l out -d 'Write the document into this folder instead of stdout' -r -F
complete -c avv -n "__fish_avv_using_subcommand render" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand build" -l out -d 'The site folder, replaced as a whole. Default: `site/` in the repository root' -r -F
complete -c avv -n "__fish_avv_using_subcommand build" -l private-out -d 'The folder for customer contracts that are not published, replaced as a whole. Default: `private/` in the repository root' -r -F
complete -c avv -n "__fish_avv_using_subcommand build" -l cache-dir -d 'The render cache folder. Default: `AVV_CACHE_DIR` when it is set and not empty, else `.git/avv/cache`. Customer contracts are cached apart, in `<DIR>-private`' -r -F
complete -c avv -n "__fish_avv_using_subcommand build" -l shard -d 'Render only share K of N of the documents into `--out`, a shard folder for `--merge` (no pages, no index). Every shard must run on the same commit' -r
complete -c avv -n "__fish_avv_using_subcommand build" -l merge -d 'Build the site taking every document from these shard folders (all N of them) instead of rendering it' -r -F
complete -c avv -n "__fish_avv_using_subcommand build" -l format -d 'Output format: a summary for people, or one JSON document saying what was written (folders, counts, the cache) with the findings' -r -f -a "human\t'Findings on stderr, a summary on stdout'
json\t'`{"version": 1, "built", "out", "documents", "files", "private", "cache", "diagnostics", …}`'"
complete -c avv -n "__fish_avv_using_subcommand build" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand build" -l no-private -d 'Do not build the customer contracts that are not published'
complete -c avv -n "__fish_avv_using_subcommand build" -l no-cache -d 'Render every document, without reading or writing the cache'
complete -c avv -n "__fish_avv_using_subcommand build" -l shard-private -d 'Put the customer contracts that are not published into the shard folder too. They hold personal data: a shard is left without them unless this is given (the merge then renders them itself), and a shard with them must be kept like `private/`'
complete -c avv -n "__fish_avv_using_subcommand build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand diff" -l format -d 'Output format' -r -f -a "human\t'Coloured text for the terminal'
markdown\t'Markdown for a pull-request comment or job summary'
json\t'JSON (see the README)'"
complete -c avv -n "__fish_avv_using_subcommand diff" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand fmt" -l format -d 'Output format: file names and a summary for people, or one JSON document with every file\'s status and the findings of files that could not be formatted' -r -f -a "human\t'File names on stdout, a summary on stderr'
json\t'`{"version": 1, "check", "files": [{path, status}], "diagnostics", "summary"}`'"
complete -c avv -n "__fish_avv_using_subcommand fmt" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand fmt" -l check -d 'Write nothing: list the files that are not canonical and exit 1 if there are any'
complete -c avv -n "__fish_avv_using_subcommand fmt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand history" -l until -d 'Read the history up to this revision instead of HEAD' -r
complete -c avv -n "__fish_avv_using_subcommand history" -l format -d 'Output format' -r -f -a "text\t'An aligned text table'
markdown\t'A Markdown table'
json\t'JSON with the structured changes of every row'"
complete -c avv -n "__fish_avv_using_subcommand history" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand notice" -l date -d 'The date of the notice (default: today), e.g. 2024-03-01' -r
complete -c avv -n "__fish_avv_using_subcommand notice" -l format -d 'Output format' -r -f -a "markdown\t'A German letter in Markdown'
json\t'JSON'
pdf\t'A letter as PDF/A-2b'
docx\t'A letter as a Word file (DOCX)'"
complete -c avv -n "__fish_avv_using_subcommand notice" -l out -d 'Write the letter to FILE instead of standard output (needed for PDF and Word)' -r -F
complete -c avv -n "__fish_avv_using_subcommand notice" -l letters -d 'Write one letter per affected customer into DIR, addressed to it' -r -F
complete -c avv -n "__fish_avv_using_subcommand notice" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand notice" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -f -a "pre-commit" -d 'Check what is staged for commit: the staged agreement files (not the working tree) with every rule, and the change policy of `avv.toml` (new version for a content change, justification for a removed or weakened TOM measure)'
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -f -a "pre-merge-commit" -d 'Check the merge git is about to commit without conflicts (what the installed `pre-merge-commit` hook calls): the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied: such a merge adds nothing of its own, and each side\'s commits were held to it. A merge with conflicts is concluded by `git commit`, which runs the pre-commit check'
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -f -a "pre-push" -d 'Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed `pre-push` hook calls, with the refs being pushed on standard input): git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`, so their commits are caught here, before CI. The policy is `avv.toml` as the pushed commits\' base has it. Under the pre-commit framework\'s `pre-push` stage the push is read from its environment'
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -f -a "range" -d 'Check every commit of a revision range as the pre-commit hook checks a commit, for CI: a commit made with `--no-verify`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is `avv.toml` as it is at the start of the range, so a pull request cannot loosen its own checks'
complete -c avv -n "__fish_avv_using_subcommand hook; and not __fish_seen_subcommand_from pre-commit pre-merge-commit pre-push range help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-commit" -l format -d 'Output format: findings on stderr for people (what git shows), or one JSON document on stdout for tools' -r -f -a "human\t'rustc-style findings on stderr'
json\t'`{"version": 1, "refused", "agreements", "diagnostics"}` on stdout'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-commit" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-commit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-merge-commit" -l format -d 'Output format: findings on stderr for people (what git shows), or one JSON document on stdout for tools' -r -f -a "human\t'rustc-style findings on stderr'
json\t'`{"version": 1, "refused", "agreements", "diagnostics"}` on stdout'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-merge-commit" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-merge-commit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-push" -l format -d 'Output format: findings on stderr for people (what git shows), or one JSON document on stdout for tools' -r -f -a "human\t'rustc-style findings on stderr, one block per commit'
json\t'`{"version": 1, "refused", "merges", "commits": [{commit, subject, agreements, refused, diagnostics}]}` on stdout'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-push" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from pre-push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from range" -l format -d 'Output format' -r -f -a "human\t'rustc-style text, one block per commit'
github\t'GitHub Actions workflow annotations'
json\t'`{"version": 1, "refused", "merges", "commits": [{commit, subject, agreements, refused, diagnostics}]}`'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from range" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from range" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "pre-commit" -d 'Check what is staged for commit: the staged agreement files (not the working tree) with every rule, and the change policy of `avv.toml` (new version for a content change, justification for a removed or weakened TOM measure)'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "pre-merge-commit" -d 'Check the merge git is about to commit without conflicts (what the installed `pre-merge-commit` hook calls): the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied: such a merge adds nothing of its own, and each side\'s commits were held to it. A merge with conflicts is concluded by `git commit`, which runs the pre-commit check'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "pre-push" -d 'Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed `pre-push` hook calls, with the refs being pushed on standard input): git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`, so their commits are caught here, before CI. The policy is `avv.toml` as the pushed commits\' base has it. Under the pre-commit framework\'s `pre-push` stage the push is read from its environment'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "range" -d 'Check every commit of a revision range as the pre-commit hook checks a commit, for CI: a commit made with `--no-verify`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is `avv.toml` as it is at the start of the range, so a pull request cannot loosen its own checks'
complete -c avv -n "__fish_avv_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand hooks; and not __fish_seen_subcommand_from install uninstall help" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hooks; and not __fish_seen_subcommand_from install uninstall help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hooks; and not __fish_seen_subcommand_from install uninstall help" -f -a "install" -d 'Install the pre-commit, pre-merge-commit and pre-push hooks (honours `core.hooksPath`). Installing again is harmless; a hook avv did not write is only replaced with `--force`'
complete -c avv -n "__fish_avv_using_subcommand hooks; and not __fish_seen_subcommand_from install uninstall help" -f -a "uninstall" -d 'Remove the hooks avv wrote (honours `core.hooksPath`); a hook of that name that avv did not write is kept. Removing again is harmless'
complete -c avv -n "__fish_avv_using_subcommand hooks; and not __fish_seen_subcommand_from install uninstall help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from install" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from install" -l force -d 'Replace hooks that avv did not write'
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from uninstall" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install the pre-commit, pre-merge-commit and pre-push hooks (honours `core.hooksPath`). Installing again is harmless; a hook avv did not write is only replaced with `--force`'
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "uninstall" -d 'Remove the hooks avv wrote (honours `core.hooksPath`); a hook of that name that avv did not write is kept. Removing again is harmless'
complete -c avv -n "__fish_avv_using_subcommand hooks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand new; and not __fish_seen_subcommand_from agreement customer help" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand new; and not __fish_seen_subcommand_from agreement customer help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand new; and not __fish_seen_subcommand_from agreement customer help" -f -a "agreement" -d 'A minimal valid agreement in `agreements/<id>/`, with a clause for each Art. 28(3) item to fill in'
complete -c avv -n "__fish_avv_using_subcommand new; and not __fish_seen_subcommand_from agreement customer help" -f -a "customer" -d 'A customer instance in `agreements/<agreement>/customers/<customer>.toml` listing every placeholder and choice of the agreement'
complete -c avv -n "__fish_avv_using_subcommand new; and not __fish_seen_subcommand_from agreement customer help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from agreement" -l title -d 'The title' -r
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from agreement" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from agreement" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from customer" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from customer" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from help" -f -a "agreement" -d 'A minimal valid agreement in `agreements/<id>/`, with a clause for each Art. 28(3) item to fill in'
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from help" -f -a "customer" -d 'A customer instance in `agreements/<agreement>/customers/<customer>.toml` listing every placeholder and choice of the agreement'
complete -c avv -n "__fish_avv_using_subcommand new; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand import" -l id -d 'The new agreement\'s id, the folder name (kebab-case). Default: the file name in kebab-case' -r
complete -c avv -n "__fish_avv_using_subcommand import" -l kind -d 'The kind of document. Default: `annex` for a standalone TOM annex, `template` when the text has blanks, else `standard`' -r -f -a "template\t'A form with blanks and alternatives, filled per customer'
standard\t'Terms that apply to every customer alike'
annex\t'A standalone annex (a TOM annex)'"
complete -c avv -n "__fish_avv_using_subcommand import" -l out -d 'The folder to create the agreement folder in. Default: the repository\'s `agreements/`' -r -F
complete -c avv -n "__fish_avv_using_subcommand import" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand import" -l check -d 'Render the result back to Markdown and print its word-level similarity with the source and the largest differing passages'
complete -c avv -n "__fish_avv_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand schema" -l out -d 'Write every schema into this folder instead of printing one' -r -F
complete -c avv -n "__fish_avv_using_subcommand schema" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand rules" -l format -d 'Output format' -r -f -a "text\t'One line per rule: code, severity, what it checks'
markdown\t'A Markdown table, as in `docs/rules.md`'
json\t'JSON: `{"version": 1, "rules": [{code, severity, summary, rationale}]}`'"
complete -c avv -n "__fish_avv_using_subcommand rules" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand rules" -l markdown -d 'The same as `--format markdown` (kept for scripts that use it)'
complete -c avv -n "__fish_avv_using_subcommand rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand completions" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand man" -l out -d 'Write every page into this folder instead of printing one' -r -F
complete -c avv -n "__fish_avv_using_subcommand man" -l color -d 'When to use colour: auto follows the terminal and NO_COLOR' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c avv -n "__fish_avv_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "validate" -d 'Check agreements: TOML syntax, JSON Schema and the legal/domain rules.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "render" -d 'Render one document: an agreement, or one customer\'s instance of it.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "build" -d 'Build the static site with every agreement, version and customer contract.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "diff" -d 'Compare versions of agreements: classified changes and change texts.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "fmt" -d 'Rewrite agreement files in the canonical TOML layout, keeping comments.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "history" -d 'Print the version table (Versionshistorie) of an agreement, from git.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "notice" -d 'Write the Art. 28(2) notice of sub-processor changes for customers.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "hook" -d 'Run a git hook\'s check (what the installed hook calls).'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "hooks" -d 'Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks of this repository.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "new" -d 'Scaffold a new agreement or customer instance, then validate it.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "import" -d 'Import a Markdown, DOCX or plain-text agreement into a new folder.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "schema" -d 'Print or write the JSON Schemas of the agreement files.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "rules" -d 'List the validation rules with their codes and severities.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "completions" -d 'Print a shell completion script.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "man" -d 'Print a man page (roff), or write all of them into a folder.'
complete -c avv -n "__fish_avv_using_subcommand help; and not __fish_seen_subcommand_from validate render build diff fmt history notice hook hooks new import schema rules completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "pre-commit" -d 'Check what is staged for commit: the staged agreement files (not the working tree) with every rule, and the change policy of `avv.toml` (new version for a content change, justification for a removed or weakened TOM measure)'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "pre-merge-commit" -d 'Check the merge git is about to commit without conflicts (what the installed `pre-merge-commit` hook calls): the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied: such a merge adds nothing of its own, and each side\'s commits were held to it. A merge with conflicts is concluded by `git commit`, which runs the pre-commit check'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "pre-push" -d 'Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed `pre-push` hook calls, with the refs being pushed on standard input): git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`, so their commits are caught here, before CI. The policy is `avv.toml` as the pushed commits\' base has it. Under the pre-commit framework\'s `pre-push` stage the push is read from its environment'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "range" -d 'Check every commit of a revision range as the pre-commit hook checks a commit, for CI: a commit made with `--no-verify`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is `avv.toml` as it is at the start of the range, so a pull request cannot loosen its own checks'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from hooks" -f -a "install" -d 'Install the pre-commit, pre-merge-commit and pre-push hooks (honours `core.hooksPath`). Installing again is harmless; a hook avv did not write is only replaced with `--force`'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from hooks" -f -a "uninstall" -d 'Remove the hooks avv wrote (honours `core.hooksPath`); a hook of that name that avv did not write is kept. Removing again is harmless'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from new" -f -a "agreement" -d 'A minimal valid agreement in `agreements/<id>/`, with a clause for each Art. 28(3) item to fill in'
complete -c avv -n "__fish_avv_using_subcommand help; and __fish_seen_subcommand_from new" -f -a "customer" -d 'A customer instance in `agreements/<agreement>/customers/<customer>.toml` listing every placeholder and choice of the agreement'
