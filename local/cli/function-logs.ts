// Imported first by the vf command, before any function module builds its logger: a person at the
// terminal reads vf's own summaries, so the functions' JSON log lines (one per step, as CloudWatch would
// hold them) are shown only with --verbose. Powertools reads the level when the logger is built and
// restores it at every invocation, so it has to be set here rather than changed later.
process.env.POWERTOOLS_LOG_LEVEL ??= process.argv.includes('--verbose') ? 'INFO' : 'WARN';
