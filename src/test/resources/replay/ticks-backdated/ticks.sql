-- The market_ticks rows of an incident, as `pg_dump --data-only --inserts --table=market_ticks` writes them, with
-- event_time made relative so the replay stays ten minutes stale whenever it runs. Writing the tick table stops
-- the local feeder and empties the table first, so these are the only ticks.
INSERT INTO public.market_ticks (event_time, symbol, price, size) VALUES (now() - interval '10 minutes', 'AAPL', 189.42, 100);
INSERT INTO public.market_ticks (event_time, symbol, price, size) VALUES (now() - interval '10 minutes 1 second', 'MSFT', 421.07, 40);
INSERT INTO public.market_ticks (event_time, symbol, price, size) VALUES (now() - interval '10 minutes 2 seconds', 'NVDA', 1187.55, 12);
