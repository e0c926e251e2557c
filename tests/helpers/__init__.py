"""What several test modules share: documents, a browser session, servers, page builders.
A test module imports helpers from here, never from another test module."""
