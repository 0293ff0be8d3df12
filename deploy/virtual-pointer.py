#!/usr/bin/env python3
"""Holds a pointer device in a wlroots compositor, for deploy/test-stack.sh.

sway's headless backend has no input devices, so its seat has no pointer: a client such as
foot never gets a wl_pointer, and `swaymsg seat - cursor press button1` reaches nobody. This
client creates one with the wlr-virtual-pointer protocol (zwlr_virtual_pointer_manager_v1,
which sway 1.7 offers) and keeps it while it runs. Standard input takes lines:

    tap X Y     move to pixel (X, Y) of the WIDTHxHEIGHT output, press and release the
                left button
    size W H    the output's size in pixels (1024x768 until told)

and answers each with "ok" once the compositor has handled it (a wl_display.sync round
trip). It speaks the Wayland wire protocol itself, so it needs nothing but Python.
"""
import os
import socket
import struct
import sys
import time

BTN_LEFT = 0x110


class Wayland:
    def __init__(self):
        path = os.path.join(os.environ["XDG_RUNTIME_DIR"], os.environ.get("WAYLAND_DISPLAY", "wayland-0"))
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.next_id = 2  # 1 is wl_display
        self.buffer = b""

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def send(self, obj, opcode, payload=b""):
        size = 8 + len(payload)
        self.sock.sendall(struct.pack("<II", obj, (size << 16) | opcode) + payload)

    def event(self):
        while len(self.buffer) < 8 or len(self.buffer) < (struct.unpack_from("<I", self.buffer, 4)[0] >> 16):
            chunk = self.sock.recv(65536)
            if not chunk:
                sys.exit("virtual-pointer: the compositor closed the connection")
            self.buffer += chunk
        obj, word = struct.unpack_from("<II", self.buffer)
        size = word >> 16
        payload = self.buffer[8:size]
        self.buffer = self.buffer[size:]
        if obj == 1 and (word & 0xFFFF) == 0:  # wl_display.error
            _, code = struct.unpack_from("<II", payload)
            message = payload[12 : 12 + struct.unpack_from("<I", payload, 8)[0] - 1]
            sys.exit(f"virtual-pointer: protocol error {code}: {message.decode()}")
        return obj, word & 0xFFFF, payload

    def roundtrip(self, on_event=None):
        callback = self.new_id()
        self.send(1, 0, struct.pack("<I", callback))  # wl_display.sync
        while True:
            obj, opcode, payload = self.event()
            if obj == callback:
                return
            if on_event:
                on_event(obj, opcode, payload)


def string(text):
    data = text.encode() + b"\0"
    return struct.pack("<I", len(data)) + data + b"\0" * (-len(data) % 4)


def main():
    wl = Wayland()
    registry = wl.new_id()
    wl.send(1, 1, struct.pack("<I", registry))  # wl_display.get_registry
    globals_ = {}

    def on_global(obj, opcode, payload):
        if obj == registry and opcode == 0:
            name, length = struct.unpack_from("<II", payload)
            interface = payload[8 : 8 + length - 1].decode()
            version = struct.unpack_from("<I", payload, 8 + length + (-length % 4))[0]
            globals_[interface] = (name, version)

    wl.roundtrip(on_global)
    interface = "zwlr_virtual_pointer_manager_v1"
    if interface not in globals_:
        sys.exit(f"virtual-pointer: the compositor does not offer {interface}")
    name, _ = globals_[interface]
    manager = wl.new_id()
    wl.send(registry, 0, struct.pack("<I", name) + string(interface) + struct.pack("<II", 1, manager))
    pointer = wl.new_id()
    wl.send(manager, 0, struct.pack("<II", 0, pointer))  # create_virtual_pointer(no seat: the default)
    wl.roundtrip()
    width, height = 1024, 768
    start = time.monotonic()

    def now():
        return int((time.monotonic() - start) * 1000) & 0xFFFFFFFF

    print("ok", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "size":
            width, height = int(words[1]), int(words[2])
        elif words[0] == "tap":
            x, y = int(words[1]), int(words[2])
            wl.send(pointer, 1, struct.pack("<IIIII", now(), x, y, width, height))  # motion_absolute
            wl.send(pointer, 4)  # frame
            wl.roundtrip()
            time.sleep(0.05)
            wl.send(pointer, 2, struct.pack("<III", now(), BTN_LEFT, 1))  # button pressed
            wl.send(pointer, 4)
            wl.roundtrip()
            time.sleep(0.05)
            wl.send(pointer, 2, struct.pack("<III", now(), BTN_LEFT, 0))  # released
            wl.send(pointer, 4)
        else:
            sys.exit(f"virtual-pointer: unknown command {line!r}")
        wl.roundtrip()
        print("ok", flush=True)


if __name__ == "__main__":
    main()
