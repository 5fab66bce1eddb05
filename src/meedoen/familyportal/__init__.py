"""The family portal: the family sees its own plan, helpers, meetings and access log, and manages consent."""
