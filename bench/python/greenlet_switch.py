"""The C greenlet's switch ping-pong, the twin of bench/micro/greenlet-switch.ts.

Two greenlets hand control to each other, SWITCHES switches in all; one warm-up round of a tenth
of that first. Prints the seconds the timed round took (perf_counter), so the interpreter's
start-up is not counted. Usage: greenlet_switch.py SWITCHES
"""
import sys
import time

import greenlet


def ping_pong(switches):
    rounds = switches // 2
    seen = 0
    pong = None

    def ping_body():
        nonlocal seen
        for i in range(rounds):
            seen += pong.switch(i)

    def pong_body(_first):
        while True:
            ping.switch(1)

    ping = greenlet.greenlet(ping_body)
    pong = greenlet.greenlet(pong_body)
    start = time.perf_counter()
    ping.switch()
    seconds = time.perf_counter() - start
    pong.throw()  # GreenletExit ends the suspended one quietly
    if seen != rounds:
        raise SystemExit(f"{seen} round trips of {rounds}")
    return seconds


def main():
    switches = int(sys.argv[1])
    if switches <= 0 or switches % 2:
        raise SystemExit("SWITCHES must be a positive even number")
    ping_pong(max(2, switches // 10 // 2 * 2))
    print(repr(ping_pong(switches)))


main()
