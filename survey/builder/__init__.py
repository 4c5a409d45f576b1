"""The survey builder in the staff console: surveys made and translated without writing YAML.

document.py is the definition as a plain dict and edits.py the changes to it (pure functions);
store.py saves versions and keeps the rules; translation.py reads and writes XLIFF and CSV;
views.py and transfer_views.py are the console's pages (registered by survey.admin).
"""
