"""The supervisors' live board (docs/board.md): the queue now, the navigators, today's figures
(the funder's report for the day and the live figures beside it), hourly charts and threshold
alerts, pushed over the /supervisor Socket.IO namespace; and a supervisor's take and reassign."""
