"""Settings as members and admins see them: the words for a setting's values (``choices``),
its label and human value for /配置 and the web console (``view``), and a plugin's names
(``names``: 防骗, anti_scam, 防诈骗 …). The YAML file itself is ``huzhu.core.config``."""
