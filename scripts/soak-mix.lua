-- wrk script for scripts/soak.sh: a mix of pushes (1 in 4) and pulls against the Gisement API.
-- Each wrk thread is its own replica and pushes 10 new district names per request with ascending
-- counters, valid HLCs (now) and its own dot in the clock, so every push is accepted.
-- The token comes from the environment (SOAK_TOKEN).
local token = os.getenv("SOAK_TOKEN")
local threads = {}
local counter = 0
local replica = "r-soak"
local sent = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  replica = string.format("r-soak-%d-%d", tid, math.random(1, 1000000000))
end

local function push_body()
  local now = os.time() * 1000
  local changes = {}
  for i = 1, 10 do
    counter = counter + 1
    changes[i] = string.format(
      '{"kind":"district","id":"d-%s-%d","field":"name","value":"District %d","hlc":"%d:%d",' ..
      '"replica":"%s","counter":%d,"clock":{"%s":%d}}',
      replica, counter, counter, now, counter, replica, counter, replica, counter)
  end
  return '{"replica":"' .. replica .. '","changes":[' .. table.concat(changes, ",") .. ']}'
end

request = function()
  sent = sent + 1
  local headers = { ["Authorization"] = "Bearer " .. token }
  if sent % 4 == 0 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/v1/changes", headers, push_body())
  end
  return wrk.format("GET", "/v1/changes?since=" .. math.random(0, 1000) .. "&limit=100", headers)
end
