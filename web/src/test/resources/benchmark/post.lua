-- wrk script: POST /api/comments with a new id every time (prefix from the command line, then thread and count),
-- so that every request stores one message. Run: wrk -t2 -c50 -d20s -s post.lua http://host:port -- <prefix>
local threads = {}
local started = 0

function setup(thread)
  started = started + 1
  thread:set("tid", started)
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or "wrk") .. "-" .. tid
  count = 0
end

function request()
  count = count + 1
  local body = '{"id":"' .. prefix .. '-' .. count .. '","text":"benchmark post number ' .. count
      .. ', about as long as a message on the board","username":"bench"}'
  return wrk.format("POST", "/api/comments", { ["Content-Type"] = "application/json" }, body)
end
