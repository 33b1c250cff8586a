# frozen_string_literal: true

Rails.application.routes.draw do
  resources :leads, only: :index
end
