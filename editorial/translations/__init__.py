"""Translation dashboard: the state of the English version of every story, report and
programme, with links into wagtail-localize's editor."""
