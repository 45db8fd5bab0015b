-- Load for `lanes serve` with the digits model: POST /predict, one digits row (an image of a 0) per request
-- (ROWS=n in the environment sends n copies per request). Every response is checked: a status other than 200, or
-- a body whose first prediction is not label "0", counts as wrong, and the total is printed at the end.
--   wrk -t2 -c16 -d20s --latency -s cli/scripts/serve-wrk.lua http://127.0.0.1:8080/predict

local row = "[0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,"
        .. "0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0]"
local rows = tonumber(os.getenv("ROWS") or "1")
local copies = {}
for i = 1, rows do
  copies[i] = row
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"inputs": [' .. table.concat(copies, ",") .. ']}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrong = 0
  answers = 0
end

function response(status, headers, body)
  answers = answers + 1
  if status ~= 200 or not string.find(body, '^{"predictions": %[{"class": 0, "label": "0"') then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local wrong_total, answers_total = 0, 0
  for _, thread in ipairs(threads) do
    wrong_total = wrong_total + thread:get("wrong")
    answers_total = answers_total + thread:get("answers")
  end
  io.write(string.format("rows per request: %d\n", rows))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000))
  io.write(string.format("checked %d answers: %d wrong or not 200\n", answers_total, wrong_total))
end
