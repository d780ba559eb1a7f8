//! The actors plugin (in progress): tags countries, capitals, governments, leaders, organisations and demonyms.
