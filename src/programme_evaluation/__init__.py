"""Turn providers' raw data extracts into validated tables, an audited metrics table and reports."""
