"""FastAPI dependencies: the settings and services of this app instance."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from navigator.answer import ChatService
from navigator.retrieval.hybrid import HybridRetriever
from navigator.settings import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_chat_service(request: Request) -> ChatService:
    service: ChatService = request.app.state.services.chat()
    return service


def get_retriever(request: Request) -> HybridRetriever:
    retriever: HybridRetriever = request.app.state.services.retriever()
    return retriever


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ChatServiceDep = Annotated[ChatService, Depends(get_chat_service)]
RetrieverDep = Annotated[HybridRetriever, Depends(get_retriever)]
