/** What `scaivault-mcp --help` prints (to stderr): every flag and the environment variable of each setting. */
export const HELP = `scaivault-mcp - MCP server for the ScaiVault API

Usage: scaivault-mcp [options]
       scaivault-mcp --mock            run offline against the built-in mock vault

Options (each also set by the environment variable shown):
  --mock                 use the in-memory mock vault with demo data        SCAIVAULT_MOCK
  --demo <scenario>      with --mock: play a scripted scenario and exit     SCAIVAULT_DEMO
                         (--demo list shows the scenarios)
  --mock-now <time|now>  with --mock: start the mock clock here             SCAIVAULT_MOCK_NOW
                         (default 2026-05-17T15:00:00Z; "now" = wall clock)
  --url <url>            ScaiVault base URL                                 SCAIVAULT_URL
                         bearer token (environment only)                    SCAIVAULT_TOKEN
  --read-only            refuse every write/delete tool                     SCAIVAULT_READ_ONLY
  --mask-values          replace secret values with ••••••                   SCAIVAULT_MASK_VALUES
  --confirm <mode>       ask the user before irreversible acts: off,        SCAIVAULT_CONFIRM
                         destructive (default: when the client can ask)
                         or required (refuse when it cannot)
  --allowed-paths <a,b>  only these path prefixes                           SCAIVAULT_ALLOWED_PATHS
  --denied-paths <a,b>   never these path prefixes                          SCAIVAULT_DENIED_PATHS
  --tenant-id <id>       lock every request to this tenant                  SCAIVAULT_TENANT_ID
  --partner-id <id>      lock every request to this partner                 SCAIVAULT_PARTNER_ID
  --toolsets <a,b>       expose only these tool groups                      SCAIVAULT_TOOLSETS
  --output-schemas       also list each tool's output schema                SCAIVAULT_OUTPUT_SCHEMAS
  --tool-discovery <m>   all (default): list every tool; search: list three SCAIVAULT_TOOL_DISCOVERY
                         that search, describe and call the others
  --transport <t>        stdio (default), http or sse                       MCP_TRANSPORT
  --port <n>             HTTP port (default 8765)                           PORT
  --host <addr>          HTTP bind address (default 127.0.0.1)              MCP_HOST
                         bearer token required by the HTTP endpoint         MCP_HTTP_TOKEN
                         extra allowed Origins for HTTP, comma-separated    MCP_ALLOWED_ORIGINS
                         extra Host names a loopback bind answers to        MCP_ALLOWED_HOSTS
                         OAuth mode: the issuer of users' access tokens     MCP_OAUTH_ISSUER
                         ("mock" with --mock: the mock vault issues them)
                         OAuth mode: this server's public /mcp URL          MCP_OAUTH_AUDIENCE
                         OAuth mode: the issuer's JWKS, if not in metadata  MCP_OAUTH_JWKS_URL
  --stateless            HTTP: every POST stands alone, no sessions         MCP_HTTP_STATELESS
                         open HTTP/SSE sessions at most (default 1000)      MCP_MAX_SESSIONS
                         close a session idle this long (default 300 s)     MCP_SESSION_IDLE_S
                         cursor seal key replicas share (hex, 32+ bytes)    SCAIVAULT_CURSOR_KEY
                         API timeout in ms (default 30000)                  SCAIVAULT_TIMEOUT_MS
                         retries for idempotent calls (default 2)           SCAIVAULT_MAX_RETRIES
  --log-level <level>    stderr log: error, warn, info (default) or debug   SCAIVAULT_LOG_LEVEL
  --tools-for-scopes=<b> list only tools the token's scopes can use        SCAIVAULT_TOOLS_FOR_SCOPES
                         (default true; false lists all)
  --rate-limit <spec>    calls per client and in all, e.g. 120/min,burst=20 SCAIVAULT_RATE_LIMIT
                         or 60/min,global=600/min,global_burst=100
  --audit-log <file>     one JSON line per agent action, to a file or       SCAIVAULT_AUDIT_LOG
                         "stderr"; fail-closed (default: off)
                         rotate the audit file at this size (10 MiB)        SCAIVAULT_AUDIT_LOG_MAX_BYTES
                         rotated audit files kept (default 5)               SCAIVAULT_AUDIT_LOG_FILES
  --otel                 OpenTelemetry spans (needs an SDK registered)      SCAIVAULT_OTEL
  --help, --version
`;
