"""What every stage stands on: errors, atomic writes, time codes, reading people's text and
YAML files with their lines, shared wording, and where the course's folders are.

Nothing here imports any other part of vigkit.
"""
