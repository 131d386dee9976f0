"""Jade, a desktop admin client for Jira."""
