
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'avv' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'avv'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'avv' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check agreements: TOML syntax, JSON Schema and the legal/domain rules.')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render one document: an agreement, or one customer''s instance of it.')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the static site with every agreement, version and customer contract.')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare versions of agreements: classified changes and change texts.')
            [CompletionResult]::new('fmt', 'fmt', [CompletionResultType]::ParameterValue, 'Rewrite agreement files in the canonical TOML layout, keeping comments.')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Print the version table (Versionshistorie) of an agreement, from git.')
            [CompletionResult]::new('notice', 'notice', [CompletionResultType]::ParameterValue, 'Write the Art. 28(2) notice of sub-processor changes for customers.')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Run a git hook''s check (what the installed hook calls).')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks of this repository.')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Scaffold a new agreement or customer instance, then validate it.')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a Markdown, DOCX or plain-text agreement into a new folder.')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print or write the JSON Schemas of the agreement files.')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the validation rules with their codes and severities.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script.')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write all of them into a folder.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;validate' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Treat warnings as errors for the exit code')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Hide informational notes (human format only)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Validate every folder afresh: neither read nor update the cache of unchanged folders'' findings (`.git/avv/validate-cache.json`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;render' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the document into this folder instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;build' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The site folder, replaced as a whole. Default: `site/` in the repository root')
            [CompletionResult]::new('--private-out', '--private-out', [CompletionResultType]::ParameterName, 'The folder for customer contracts that are not published, replaced as a whole. Default: `private/` in the repository root')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'The render cache folder. Default: `AVV_CACHE_DIR` when it is set and not empty, else `.git/avv/cache`. Customer contracts are cached apart, in `<DIR>-private`')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Render only share K of N of the documents into `--out`, a shard folder for `--merge` (no pages, no index). Every shard must run on the same commit')
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'Build the site taking every document from these shard folders (all N of them) instead of rendering it')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: a summary for people, or one JSON document saying what was written (folders, counts, the cache) with the findings')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('--no-private', '--no-private', [CompletionResultType]::ParameterName, 'Do not build the customer contracts that are not published')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Render every document, without reading or writing the cache')
            [CompletionResult]::new('--shard-private', '--shard-private', [CompletionResultType]::ParameterName, 'Put the customer contracts that are not published into the shard folder too. They hold personal data: a shard is left without them unless this is given (the merge then renders them itself), and a shard with them must be kept like `private/`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;diff' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;fmt' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: file names and a summary for people, or one JSON document with every file''s status and the findings of files that could not be formatted')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Write nothing: list the files that are not canonical and exit 1 if there are any')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;history' {
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Read the history up to this revision instead of HEAD')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;notice' {
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The date of the notice (default: today), e.g. 2024-03-01')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the letter to FILE instead of standard output (needed for PDF and Word)')
            [CompletionResult]::new('--letters', '--letters', [CompletionResultType]::ParameterName, 'Write one letter per affected customer into DIR, addressed to it')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hook' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('pre-commit', 'pre-commit', [CompletionResultType]::ParameterValue, 'Check what is staged for commit: the staged agreement files (not the working tree) with every rule, and the change policy of `avv.toml` (new version for a content change, justification for a removed or weakened TOM measure)')
            [CompletionResult]::new('pre-merge-commit', 'pre-merge-commit', [CompletionResultType]::ParameterValue, 'Check the merge git is about to commit without conflicts (what the installed `pre-merge-commit` hook calls): the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied: such a merge adds nothing of its own, and each side''s commits were held to it. A merge with conflicts is concluded by `git commit`, which runs the pre-commit check')
            [CompletionResult]::new('pre-push', 'pre-push', [CompletionResultType]::ParameterValue, 'Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed `pre-push` hook calls, with the refs being pushed on standard input): git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`, so their commits are caught here, before CI. The policy is `avv.toml` as the pushed commits'' base has it. Under the pre-commit framework''s `pre-push` stage the push is read from its environment')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'Check every commit of a revision range as the pre-commit hook checks a commit, for CI: a commit made with `--no-verify`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is `avv.toml` as it is at the start of the range, so a pull request cannot loosen its own checks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;hook;pre-commit' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: findings on stderr for people (what git shows), or one JSON document on stdout for tools')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hook;pre-merge-commit' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: findings on stderr for people (what git shows), or one JSON document on stdout for tools')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hook;pre-push' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: findings on stderr for people (what git shows), or one JSON document on stdout for tools')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hook;range' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hook;help' {
            [CompletionResult]::new('pre-commit', 'pre-commit', [CompletionResultType]::ParameterValue, 'Check what is staged for commit: the staged agreement files (not the working tree) with every rule, and the change policy of `avv.toml` (new version for a content change, justification for a removed or weakened TOM measure)')
            [CompletionResult]::new('pre-merge-commit', 'pre-merge-commit', [CompletionResultType]::ParameterValue, 'Check the merge git is about to commit without conflicts (what the installed `pre-merge-commit` hook calls): the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied: such a merge adds nothing of its own, and each side''s commits were held to it. A merge with conflicts is concluded by `git commit`, which runs the pre-commit check')
            [CompletionResult]::new('pre-push', 'pre-push', [CompletionResultType]::ParameterValue, 'Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed `pre-push` hook calls, with the refs being pushed on standard input): git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`, so their commits are caught here, before CI. The policy is `avv.toml` as the pushed commits'' base has it. Under the pre-commit framework''s `pre-push` stage the push is read from its environment')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'Check every commit of a revision range as the pre-commit hook checks a commit, for CI: a commit made with `--no-verify`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is `avv.toml` as it is at the start of the range, so a pull request cannot loosen its own checks')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;hook;help;pre-commit' {
            break
        }
        'avv;hook;help;pre-merge-commit' {
            break
        }
        'avv;hook;help;pre-push' {
            break
        }
        'avv;hook;help;range' {
            break
        }
        'avv;hook;help;help' {
            break
        }
        'avv;hooks' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install the pre-commit, pre-merge-commit and pre-push hooks (honours `core.hooksPath`). Installing again is harmless; a hook avv did not write is only replaced with `--force`')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the hooks avv wrote (honours `core.hooksPath`); a hook of that name that avv did not write is kept. Removing again is harmless')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;hooks;install' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace hooks that avv did not write')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hooks;uninstall' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;hooks;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install the pre-commit, pre-merge-commit and pre-push hooks (honours `core.hooksPath`). Installing again is harmless; a hook avv did not write is only replaced with `--force`')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the hooks avv wrote (honours `core.hooksPath`); a hook of that name that avv did not write is kept. Removing again is harmless')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;hooks;help;install' {
            break
        }
        'avv;hooks;help;uninstall' {
            break
        }
        'avv;hooks;help;help' {
            break
        }
        'avv;new' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('agreement', 'agreement', [CompletionResultType]::ParameterValue, 'A minimal valid agreement in `agreements/<id>/`, with a clause for each Art. 28(3) item to fill in')
            [CompletionResult]::new('customer', 'customer', [CompletionResultType]::ParameterValue, 'A customer instance in `agreements/<agreement>/customers/<customer>.toml` listing every placeholder and choice of the agreement')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;new;agreement' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The title')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;new;customer' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;new;help' {
            [CompletionResult]::new('agreement', 'agreement', [CompletionResultType]::ParameterValue, 'A minimal valid agreement in `agreements/<id>/`, with a clause for each Art. 28(3) item to fill in')
            [CompletionResult]::new('customer', 'customer', [CompletionResultType]::ParameterValue, 'A customer instance in `agreements/<agreement>/customers/<customer>.toml` listing every placeholder and choice of the agreement')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;new;help;agreement' {
            break
        }
        'avv;new;help;customer' {
            break
        }
        'avv;new;help;help' {
            break
        }
        'avv;import' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The new agreement''s id, the folder name (kebab-case). Default: the file name in kebab-case')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'The kind of document. Default: `annex` for a standalone TOM annex, `template` when the text has blanks, else `standard`')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The folder to create the agreement folder in. Default: the repository''s `agreements/`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Render the result back to Markdown and print its word-level similarity with the source and the largest differing passages')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;schema' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write every schema into this folder instead of printing one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;rules' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('--markdown', '--markdown', [CompletionResultType]::ParameterName, 'The same as `--format markdown` (kept for scripts that use it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;man' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write every page into this folder instead of printing one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto follows the terminal and NO_COLOR')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'avv;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check agreements: TOML syntax, JSON Schema and the legal/domain rules.')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render one document: an agreement, or one customer''s instance of it.')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the static site with every agreement, version and customer contract.')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare versions of agreements: classified changes and change texts.')
            [CompletionResult]::new('fmt', 'fmt', [CompletionResultType]::ParameterValue, 'Rewrite agreement files in the canonical TOML layout, keeping comments.')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Print the version table (Versionshistorie) of an agreement, from git.')
            [CompletionResult]::new('notice', 'notice', [CompletionResultType]::ParameterValue, 'Write the Art. 28(2) notice of sub-processor changes for customers.')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Run a git hook''s check (what the installed hook calls).')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Install (or remove) the pre-commit, pre-merge-commit and pre-push hooks of this repository.')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Scaffold a new agreement or customer instance, then validate it.')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import a Markdown, DOCX or plain-text agreement into a new folder.')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print or write the JSON Schemas of the agreement files.')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the validation rules with their codes and severities.')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script.')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), or write all of them into a folder.')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'avv;help;validate' {
            break
        }
        'avv;help;render' {
            break
        }
        'avv;help;build' {
            break
        }
        'avv;help;diff' {
            break
        }
        'avv;help;fmt' {
            break
        }
        'avv;help;history' {
            break
        }
        'avv;help;notice' {
            break
        }
        'avv;help;hook' {
            [CompletionResult]::new('pre-commit', 'pre-commit', [CompletionResultType]::ParameterValue, 'Check what is staged for commit: the staged agreement files (not the working tree) with every rule, and the change policy of `avv.toml` (new version for a content change, justification for a removed or weakened TOM measure)')
            [CompletionResult]::new('pre-merge-commit', 'pre-merge-commit', [CompletionResultType]::ParameterValue, 'Check the merge git is about to commit without conflicts (what the installed `pre-merge-commit` hook calls): the merged agreement files with every rule, since two sides that pass may not pass together (the same id on both). The change policy is not applied: such a merge adds nothing of its own, and each side''s commits were held to it. A merge with conflicts is concluded by `git commit`, which runs the pre-commit check')
            [CompletionResult]::new('pre-push', 'pre-push', [CompletionResultType]::ParameterValue, 'Check every commit a push sends that the remote does not have, as the pre-commit hook checks a commit (what the installed `pre-push` hook calls, with the refs being pushed on standard input): git runs no commit hook for cherry-pick, revert, rebase, am or `commit --no-verify`, so their commits are caught here, before CI. The policy is `avv.toml` as the pushed commits'' base has it. Under the pre-commit framework''s `pre-push` stage the push is read from its environment')
            [CompletionResult]::new('range', 'range', [CompletionResultType]::ParameterValue, 'Check every commit of a revision range as the pre-commit hook checks a commit, for CI: a commit made with `--no-verify`, in a web editor or without the hook installed is checked all the same. Each commit is compared with its parent. A merge commit is checked for what neither side had: the agreements it leaves unlike every parent, with every rule, and with the policy against the merge git makes of its sides (an edit made in the merge itself needs its own new version; merging checked commits passes). The policy is `avv.toml` as it is at the start of the range, so a pull request cannot loosen its own checks')
            break
        }
        'avv;help;hook;pre-commit' {
            break
        }
        'avv;help;hook;pre-merge-commit' {
            break
        }
        'avv;help;hook;pre-push' {
            break
        }
        'avv;help;hook;range' {
            break
        }
        'avv;help;hooks' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install the pre-commit, pre-merge-commit and pre-push hooks (honours `core.hooksPath`). Installing again is harmless; a hook avv did not write is only replaced with `--force`')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the hooks avv wrote (honours `core.hooksPath`); a hook of that name that avv did not write is kept. Removing again is harmless')
            break
        }
        'avv;help;hooks;install' {
            break
        }
        'avv;help;hooks;uninstall' {
            break
        }
        'avv;help;new' {
            [CompletionResult]::new('agreement', 'agreement', [CompletionResultType]::ParameterValue, 'A minimal valid agreement in `agreements/<id>/`, with a clause for each Art. 28(3) item to fill in')
            [CompletionResult]::new('customer', 'customer', [CompletionResultType]::ParameterValue, 'A customer instance in `agreements/<agreement>/customers/<customer>.toml` listing every placeholder and choice of the agreement')
            break
        }
        'avv;help;new;agreement' {
            break
        }
        'avv;help;new;customer' {
            break
        }
        'avv;help;import' {
            break
        }
        'avv;help;schema' {
            break
        }
        'avv;help;rules' {
            break
        }
        'avv;help;completions' {
            break
        }
        'avv;help;man' {
            break
        }
        'avv;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
