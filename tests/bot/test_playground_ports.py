"""Ports for two servers started together: never the same one."""
import socket

from bot.cli.playground import free_port, free_ports


def test_ports_chosen_together_are_all_different_and_free():
    ports = free_ports(8)
    assert len(set(ports)) == 8
    for port in ports:  # each can be bound by the server it is for
        with socket.socket() as server:
            server.bind(("127.0.0.1", port))


def test_one_free_port_can_be_bound():
    with socket.socket() as server:
        server.bind(("127.0.0.1", free_port()))
